// sim/memory.h — handing freed heap memory back to the system.
//
// A run frees its model (every node's stock, every system's view) before analysis
// builds its own arrays, and analysis frees the probe records as it reads them. glibc
// keeps much of what is freed in its heap (the mmap threshold rises as large blocks
// are freed), so the resident size would stay at the run's peak while analysis adds
// to it: return_free_memory() gives the free pages back. Elsewhere it does nothing.
#pragma once

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace sim {

inline void return_free_memory() {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

}  // namespace sim
