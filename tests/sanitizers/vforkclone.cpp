// Preloaded into the ThreadSanitizer runs (scripts/sanitize.sh tsan); built only with
// -DGREENLIGHT_SANITIZE=thread, and not instrumented itself.
//
// Qt 6.4's QProcess starts a child with clone(CLONE_VM | CLONE_VFORK): the child shares the
// parent's memory until it execs. gcc 12's libtsan intercepts clone() and runs its after-fork
// handling in that child, on the shared memory: from then on the parent, every thread of it,
// reports nothing (a plain two-thread race after one QProcess::start() goes unreported; with
// this library it is reported). So a clone() that shares memory goes straight to glibc, as a
// vfork would; every other clone() still goes to libtsan.

#include <dlfcn.h>
#include <sched.h>
#include <sys/types.h>

#include <cstdarg>

namespace {

using CloneFn = int (*)(int (*)(void *), void *, int, void *, ...);

CloneFn glibcClone = nullptr;
CloneFn nextClone = nullptr; // libtsan's

__attribute__((constructor)) void findClones()
{
    glibcClone = reinterpret_cast<CloneFn>(dlsym(dlopen("libc.so.6", RTLD_NOW | RTLD_NOLOAD), "clone"));
    nextClone = reinterpret_cast<CloneFn>(dlsym(RTLD_NEXT, "clone"));
}

} // namespace

extern "C" int clone(int (*fn)(void *), void *stack, int flags, void *arg, ...)
{
    va_list more;
    va_start(more, arg);
    auto *parentTid = va_arg(more, pid_t *);
    void *tls = va_arg(more, void *);
    auto *childTid = va_arg(more, pid_t *);
    va_end(more);
    const CloneFn real = (flags & CLONE_VM) ? glibcClone : nextClone;
    return real(fn, stack, flags, arg, parentTid, tls, childTid);
}
