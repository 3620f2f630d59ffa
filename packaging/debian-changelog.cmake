# Writes a Debian changelog for the package (cmake -DOUT=FILE -DVERSION=V -P this file). The
# project's history is CHANGELOG.md; this entry points there.
file(WRITE "${OUT}" "greenlight (${VERSION}) unstable; urgency=medium

  * Package built from the Greenlight repository; see CHANGELOG.md there
    for the changes in this version.

 -- Greenlight maintainers <maintainers@greenlight.invalid>  Wed, 02 Dec 2026 12:00:00 +0000
")
