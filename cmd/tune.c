/* SPDX-License-Identifier: Apache-2.0
 *
 * cmd/tune.c -- process-wide allocator settings for the mlsweep binary.
 *
 * A sweep allocates and frees one arena and one token array per file,
 * thousands of times a second. With glibc's defaults, freeing a large
 * block hands its pages back to the kernel (trim, or munmap above the mmap
 * threshold) and the next file faults them in again: on the shared corpus
 * that was 13% of parse time spent in the kernel. mls_alloc_tune_for_batch()
 * keeps freed memory in the heap for reuse; peak memory is unchanged, it
 * is only returned later. Runs before main() so every subcommand gets it;
 * when the engine lands this belongs in mls_run()'s one-time setup
 * (CONVENTIONS section 6).
 */
#include "core/base/alloc.h"

void mls_cmd_tune(void) __attribute__((constructor));

void mls_cmd_tune(void)
{
  mls_alloc_tune_for_batch();
}
