/* SPDX-License-Identifier: Apache-2.0
 *
 * core/git/git2_dl.h -- libgit2, loaded when a sweep first needs it.
 *
 * Internal to core/git, included instead of <git2.h>. libgit2 and the
 * libraries it needs (libssh2, OpenSSL's libcrypto, Kerberos, mbed TLS,
 * ...) took 2.3 ms of every start to map and relocate, a seventh of a warm
 * sweep that never calls them (docs/git.md, "Refs read from their
 * files"). So mlsweep does not link libgit2: repo_global_init() loads it
 * with dlopen() on its set-up thread, and each libgit2 function core/git
 * calls is a pointer filled by dlsym(), named here with the function's
 * own name, so the code reads as plain libgit2 calls. Adding a call to a
 * libgit2 function means adding it to the list below.
 */
#ifndef MLS_GIT_GIT2_DL_H
#define MLS_GIT_GIT2_DL_H

#include <git2.h>

#include <stdbool.h>

/* Every libgit2 function core/git calls. */
#define MLS_GIT2_FUNCS(X)                                                      \
  X(blob_free)                                                                 \
  X(blob_lookup)                                                               \
  X(blob_rawcontent)                                                           \
  X(blob_rawsize)                                                              \
  X(commit_tree_id)                                                            \
  X(config_free)                                                               \
  X(config_get_string)                                                         \
  X(error_clear)                                                               \
  X(error_last)                                                                \
  X(libgit2_init)                                                              \
  X(libgit2_opts)                                                              \
  X(libgit2_shutdown)                                                          \
  X(object_free)                                                               \
  X(object_id)                                                                 \
  X(object_peel)                                                               \
  X(object_type2string)                                                        \
  X(odb_free)                                                                  \
  X(odb_read_header)                                                           \
  X(reference_dwim)                                                            \
  X(reference_free)                                                            \
  X(reference_is_branch)                                                       \
  X(reference_iterator_free)                                                   \
  X(reference_iterator_new)                                                    \
  X(reference_name)                                                            \
  X(reference_name_is_valid)                                                   \
  X(reference_next_name)                                                       \
  X(reference_peel)                                                            \
  X(reference_target)                                                          \
  X(repository_config_snapshot)                                                \
  X(repository_free)                                                           \
  X(repository_head)                                                           \
  X(repository_head_unborn)                                                    \
  X(repository_odb)                                                            \
  X(repository_open_ext)                                                       \
  X(revparse_single)                                                           \
  X(tree_entry_byindex)                                                        \
  X(tree_entry_bypath)                                                         \
  X(tree_entry_filemode)                                                       \
  X(tree_entry_filemode_raw)                                                   \
  X(tree_entry_free)                                                           \
  X(tree_entry_id)                                                             \
  X(tree_entry_name)                                                           \
  X(tree_entrycount)                                                           \
  X(tree_free)                                                                 \
  X(tree_lookup)

typedef struct mls_git2_api {
#define MLS_GIT2_MEMBER(name) __typeof__(git_##name) *name;
  MLS_GIT2_FUNCS(MLS_GIT2_MEMBER)
#undef MLS_GIT2_MEMBER
} mls_git2_api;

/* Filled by mls__git2_load(); read-only afterwards. */
extern mls_git2_api mls__git2;

/* Load libgit2 and find every function above, once per process (any
 * thread; later calls wait for the first and return its outcome). NULL
 * on success, else why it failed (static). */
const char *mls__git2_load(void);

/* The calls, through the pointers. */
#define git_blob_free                  (*mls__git2.blob_free)
#define git_blob_lookup                (*mls__git2.blob_lookup)
#define git_blob_rawcontent            (*mls__git2.blob_rawcontent)
#define git_blob_rawsize               (*mls__git2.blob_rawsize)
#define git_commit_tree_id             (*mls__git2.commit_tree_id)
#define git_config_free                (*mls__git2.config_free)
#define git_config_get_string          (*mls__git2.config_get_string)
#define git_error_clear                (*mls__git2.error_clear)
#define git_error_last                 (*mls__git2.error_last)
#define git_libgit2_init               (*mls__git2.libgit2_init)
#define git_libgit2_opts               (*mls__git2.libgit2_opts)
#define git_libgit2_shutdown           (*mls__git2.libgit2_shutdown)
#define git_object_free                (*mls__git2.object_free)
#define git_object_id                  (*mls__git2.object_id)
#define git_object_peel                (*mls__git2.object_peel)
#define git_object_type2string         (*mls__git2.object_type2string)
#define git_odb_free                   (*mls__git2.odb_free)
#define git_odb_read_header            (*mls__git2.odb_read_header)
#define git_reference_dwim             (*mls__git2.reference_dwim)
#define git_reference_free             (*mls__git2.reference_free)
#define git_reference_is_branch        (*mls__git2.reference_is_branch)
#define git_reference_iterator_free    (*mls__git2.reference_iterator_free)
#define git_reference_iterator_new     (*mls__git2.reference_iterator_new)
#define git_reference_name             (*mls__git2.reference_name)
#define git_reference_name_is_valid    (*mls__git2.reference_name_is_valid)
#define git_reference_next_name        (*mls__git2.reference_next_name)
#define git_reference_peel             (*mls__git2.reference_peel)
#define git_reference_target           (*mls__git2.reference_target)
#define git_repository_config_snapshot (*mls__git2.repository_config_snapshot)
#define git_repository_free            (*mls__git2.repository_free)
#define git_repository_head            (*mls__git2.repository_head)
#define git_repository_head_unborn     (*mls__git2.repository_head_unborn)
#define git_repository_odb             (*mls__git2.repository_odb)
#define git_repository_open_ext        (*mls__git2.repository_open_ext)
#define git_revparse_single            (*mls__git2.revparse_single)
#define git_tree_entry_byindex         (*mls__git2.tree_entry_byindex)
#define git_tree_entry_bypath          (*mls__git2.tree_entry_bypath)
#define git_tree_entry_filemode        (*mls__git2.tree_entry_filemode)
#define git_tree_entry_filemode_raw    (*mls__git2.tree_entry_filemode_raw)
#define git_tree_entry_free            (*mls__git2.tree_entry_free)
#define git_tree_entry_id              (*mls__git2.tree_entry_id)
#define git_tree_entry_name            (*mls__git2.tree_entry_name)
#define git_tree_entrycount            (*mls__git2.tree_entrycount)
#define git_tree_free                  (*mls__git2.tree_free)
#define git_tree_lookup                (*mls__git2.tree_lookup)

#endif
