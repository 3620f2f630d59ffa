#include "libsshruntime.h"

#include <openssl/crypto.h>

namespace greenlight::libsshruntime {

void releaseThreadState()
{
    OPENSSL_thread_stop();
}

} // namespace greenlight::libsshruntime
