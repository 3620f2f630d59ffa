#pragma once

namespace greenlight::libsshruntime {

// libssh initialises itself once per process when it is loaded (ssh_init from its library
// constructor, ssh_finalize from its destructor), so nothing here repeats that. What it cannot
// do is free OpenSSL's state of a thread that ran SSH (its random generators, ~10 KB): OpenSSL
// frees that from a thread-exit handler, which runs after QThread::wait() has already returned
// and so races with the process's exit (LeakSanitizer then reports it as a leak, and the
// process exits non-zero). A thread that ran SSH frees it itself as the last thing it does.
//
// Frees the calling thread's OpenSSL state. Call on an SSH thread after its sessions are freed;
// should OpenSSL be used on the thread again, it creates the state anew.
void releaseThreadState();

} // namespace greenlight::libsshruntime
