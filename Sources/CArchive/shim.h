#include <archive.h>
#include <archive_entry.h>

#if defined(__linux__)
// glibc declares unshare(2) only under _GNU_SOURCE, which Swift's Glibc module
// does not define. AssetFetch gives its extraction thread a working directory of
// its own (unshare(CLONE_FS), then chdir), so that libarchive's relative,
// secure-flag-checked paths land in the extraction folder without changing the
// working directory of the rest of the process.
extern int unshare(int flags);
// CLONE_FS from <linux/sched.h>: share (or, for unshare, stop sharing) the
// root, working directory and umask with the other threads.
static const int CARCHIVE_CLONE_FS = 0x00000200;
#endif
