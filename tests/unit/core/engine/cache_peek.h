/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/core/engine/cache_peek.h -- what the engine tests look at in
 * a cache directory after a sweep, without including cache/cache.h (whose
 * `cache` type the sweep tests' variables would shadow).
 *
 * Test code only; every helper fails the running test on an error.
 */
#ifndef MLS_TESTS_ENGINE_CACHE_PEEK_H
#define MLS_TESTS_ENGINE_CACHE_PEEK_H

#include <stdint.h>

/* Entries in the files, modules, repos and meta databases of dir. */
void cache_peek_entries(const char *dir, uint64_t entries[4]);
/* Damage every value in dir (cache_damage): how many. */
uint64_t cache_peek_damage(const char *dir);

#endif
