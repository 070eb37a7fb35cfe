// sim/memory.h — handing freed heap memory back to the system.
//
// A run frees its model (every node's stock, every system's view) before analysis
// builds its own arrays, and analysis frees the probe records as it reads them. glibc
// keeps much of what is freed in its heap (the mmap threshold rises as large blocks
// are freed), so the resident size would stay at the run's peak while analysis adds
// to it: return_free_memory() gives the free pages back. Elsewhere it does nothing,
// and so under AddressSanitizer, whose allocator replaces glibc's: there glibc's heap
// is first set up by malloc_trim itself, unguarded, and two runs side by side calling
// it at once read a half-made arena list (a CI run crashed in mtrim, once in four).
#pragma once

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PEAKSIM_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define PEAKSIM_ASAN 1
#endif

#if defined(__GLIBC__) && !defined(PEAKSIM_ASAN)
#include <malloc.h>
#endif

namespace sim {

inline void return_free_memory() {
#if defined(__GLIBC__) && !defined(PEAKSIM_ASAN)
  malloc_trim(0);
#endif
}

}  // namespace sim
