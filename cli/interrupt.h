// cli/interrupt.h — what SIGINT and SIGTERM do while peaksim runs or writes outputs.
//
// `run`, `check` and `merge` install the handlers before they start. On a signal
// the handler puts the output being written back into a complete state (the
// previous set, or the new one if it was already swapped in, never a mix and never
// a staging folder or temporary file left behind), prints one line on stderr
// (`peaksim: interrupted (SIGINT); no output written; out/x keeps its previous
// outputs`) and exits with 128 + the signal's number (130, 143).
//
// The handler does its work on the main thread only, the one that writes outputs:
// a signal that lands on a TBB worker is forwarded to the main thread, so the
// clean-up never races the file operations it undoes.
#pragma once

namespace peaksim {

// The clean-up of the output being written, called by the handler on the main
// thread. It must be async-signal-safe (unlink, rmdir, rename, lstat on paths
// computed beforehand; no allocation) and returns the message's tail: what was
// left behind, e.g. "no output written; out/x keeps its previous outputs".
using InterruptCleanup = const char* (*)();

// Installs the SIGINT and SIGTERM handlers (again, when something replaced them);
// call it from the main thread. A signal that was ignored when peaksim started
// (`nohup`, a background job of a script) stays ignored.
void install_interrupt_handlers();

// The clean-up the handler runs from now on; nullptr when nothing is being written.
void set_interrupt_cleanup(InterruptCleanup cleanup);

}  // namespace peaksim
