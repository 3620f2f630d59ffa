#!/usr/bin/env bash
# The layers of docs/design.md, checked on every direct #include of the tree. The CMake targets
# already keep Widgets, Charts, libssh and nlohmann out of the wrong targets at link time; this
# keeps the folders inside core honest too. Prints every include that breaks a rule; exit 1 then.
#   tests/layering/check-layers.sh [REPO_ROOT]
set -uo pipefail
root="${1:-$(dirname "$0")/../..}"
cd "$root" || exit 2
failed=0

# rule FOLDER PATTERN WHY: no file under FOLDER may include a header matching PATTERN.
rule() {
    local hits
    hits=$(grep -rnE --include='*.h' --include='*.cpp' "^[[:space:]]*#[[:space:]]*include[[:space:]]*[<\"]($2)" "$1" 2>/dev/null)
    if [ -n "$hits" ]; then
        printf 'layering: %s must not include %s (%s):\n%s\n' "$1" "$2" "$3" "$hits"
        failed=1
    fi
}

# never FOLDER PATTERN WHY: no source line under FOLDER may match PATTERN (calls, not includes).
never() {
    local hits
    hits=$(grep -rnE --include='*.h' --include='*.cpp' "$2" "$1" 2>/dev/null)
    if [ -n "$hits" ]; then
        printf 'layering: %s must not use %s (%s):\n%s\n' "$1" "$2" "$3" "$hits"
        failed=1
    fi
}

[ -d core/model ] || { echo "layering: run from the repository root"; exit 2; }
rule core    'QtWidgets|QtCharts|QWidget|QChart|QMainWindow|QDialog|QApplication' 'core never needs a display'
rule core/model  'ssh/|pipeline/|controller/|journal/|config/|metrics/|lab/|libssh|nlohmann' 'the shared value types sit at the bottom'
rule core/common 'ssh/|pipeline/|controller/|journal/|config/|metrics/|lab/|router/|model/' 'common is below everything'
rule core/journal 'pipeline/|controller/|lab/' 'the journal records what the pipeline says, through model/'
rule core/pipeline 'controller/|lab/' 'the pipeline is driven by the controller, never the other way'
# The lab (lab/, greenlight_lab) is not the product: the product library starts no sshd, HAProxy
# or nginx of its own and changes no file's owner.
rule core    'lab/|demo/' 'the lab is not the product: it lives in lab/ (greenlight_lab)'
never core   '\bchown[[:space:]]*\(|\bset(res)?[ug]id[[:space:]]*\(|PR_SET_PDEATHSIG|/s?bin/(sshd|haproxy|nginx)\b' 'starting servers and handing files to another account are the lab'"'"'s'
if [ -n "$(find core -path '*/lab/*' -type f 2>/dev/null)" ]; then echo "layering: files under core/…/lab/; the lab lives in lab/"; failed=1; fi
rule ui      'ssh/|pipeline/|journal/|router/|libssh|nlohmann' 'the window talks to the controller and model/ only'
exit $failed
