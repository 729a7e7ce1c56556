/* The C front of an nbdkit plugin written in C# (Nbdkit.Plugins; docs/nbdkit-csharp.md).
 *
 * nbdkit forks after .get_ready (with --run the server is the child, as a daemon it forks into the
 * background). A .NET runtime started before that fork is broken in the child: threads cannot be
 * joined, tasks never run, finalizers crash. So no managed code runs in nbdkit's process before
 * .after_fork (docs/nbdkit-csharp.md, "How it runs inside nbdkit"):
 *   - plugin_init, .config and the metadata are C: the parameters are only copied;
 *   - .config_complete checks the parameters in C# inside a short-lived child, which exits at once,
 *     so a bad parameter fails before nbdkit forks;
 *   - .after_fork makes the first managed call in the serving process: the plugin is configured
 *     again there (in the directory nbdkit started in), then GetReady and AfterFork run;
 *   - .dump_plugin may run managed code: nbdkit exits right after it and never forks.
 * The data callbacks point straight at the C# functions (taking their address starts nothing).
 * Link with -z nodelete: nbdkit's dlclose must not unmap code the runtime's threads still run.
 */

#undef NBDKIT_API_VERSION
#define NBDKIT_API_VERSION 2
#include <nbdkit-plugin.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nbdkit-plugin-info.h"

#if !defined(NBDKIT_VERSION_MINOR) || NBDKIT_VERSION_MINOR < 30
#error "nbdkit-plugin.h from nbdkit 1.30 or newer is needed (the block_size callback)"
#endif

/* The C# side: generated from <NbdkitPluginClass> (registers the plugin class; called first in
 * every process that runs managed code), then Nbdkit.Plugins.Native.Exports. */
extern void nbdkit_cs_register (void);
extern int nbdkit_cs_check (int count, const char **keys, const char **values, int *thread_model);
extern int nbdkit_cs_start (int count, const char **keys, const char **values);
extern int nbdkit_cs_after_fork (void);
extern void nbdkit_cs_cleanup (void);
extern void nbdkit_cs_unload (void);
extern char *nbdkit_cs_dump_plugin (void);
extern int nbdkit_cs_preconnect (int readonly);
extern int nbdkit_cs_list_exports (int readonly, int is_tls, struct nbdkit_exports *exports);
extern const char *nbdkit_cs_default_export (int readonly, int is_tls);
extern void *nbdkit_cs_open (int readonly);
extern void nbdkit_cs_close (void *handle);
extern int64_t nbdkit_cs_get_size (void *handle);
extern const char *nbdkit_cs_export_description (void *handle);
extern int nbdkit_cs_block_size (void *handle, uint32_t *minimum, uint32_t *preferred, uint32_t *maximum);
extern int nbdkit_cs_can_write (void *handle);
extern int nbdkit_cs_can_flush (void *handle);
extern int nbdkit_cs_is_rotational (void *handle);
extern int nbdkit_cs_can_trim (void *handle);
extern int nbdkit_cs_can_zero (void *handle);
extern int nbdkit_cs_can_fast_zero (void *handle);
extern int nbdkit_cs_can_extents (void *handle);
extern int nbdkit_cs_can_fua (void *handle);
extern int nbdkit_cs_can_multi_conn (void *handle);
extern int nbdkit_cs_can_cache (void *handle);
extern int nbdkit_cs_pread (void *handle, void *buf, uint32_t count, uint64_t offset, uint32_t flags);
extern int nbdkit_cs_pwrite (void *handle, const void *buf, uint32_t count, uint64_t offset, uint32_t flags);
extern int nbdkit_cs_flush (void *handle, uint32_t flags);
extern int nbdkit_cs_trim (void *handle, uint32_t count, uint64_t offset, uint32_t flags);
extern int nbdkit_cs_zero (void *handle, uint32_t count, uint64_t offset, uint32_t flags);
extern int nbdkit_cs_extents (void *handle, uint32_t count, uint64_t offset, uint32_t flags, struct nbdkit_extents *extents);
extern int nbdkit_cs_cache (void *handle, uint32_t count, uint64_t offset, uint32_t flags);

/* The parameters, copied by .config and replayed in C# by the check and by the start. */
static const char **keys, **values;
static int count;
/* What the check child said (NBDKIT_THREAD_MODEL_*). */
static int thread_model = NBDKIT_THREAD_MODEL_PARALLEL;
/* The directory nbdkit started in (a daemon moves to / before .after_fork). */
static int start_dir = -1;
/* Set in the one process whose runtime started (the server, or --dump-plugin). */
static int managed_started;

static int
front_config (const char *key, const char *value)
{
  const char **k = realloc (keys, (count + 1) * sizeof *keys);
  const char **v = k ? realloc (values, (count + 1) * sizeof *values) : NULL;
  if (k) keys = k;
  if (v) values = v;
  if (!k || !v) {
    nbdkit_error ("out of memory");
    return -1;
  }
  keys[count] = strdup (key);
  values[count] = strdup (value);
  if (!keys[count] || !values[count]) {
    nbdkit_error ("out of memory");
    return -1;
  }
  count++;
  return 0;
}

/* Runs the C# parameter check in a child, which writes the thread model to a pipe and _exits:
 * its runtime never exists in nbdkit's own process. The child prints its own error. */
static int
front_config_complete (void)
{
  int fds[2], status, model = -1;
  ssize_t n;
  pid_t pid;

  start_dir = open (".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  fflush (NULL);
  if (pipe (fds) == -1) {
    nbdkit_error ("pipe: %m");
    return -1;
  }
  pid = fork ();
  if (pid == -1) {
    nbdkit_error ("fork: %m");
    close (fds[0]);
    close (fds[1]);
    return -1;
  }
  if (pid == 0) {
    int r;
    close (fds[0]);
    nbdkit_cs_register ();
    r = nbdkit_cs_check (count, keys, values, &model);
    if (r == 0 && write (fds[1], &model, sizeof model) != sizeof model)
      r = -1;
    fflush (NULL);
    _exit (r == 0 ? 0 : 1);
  }
  close (fds[1]);
  do
    n = read (fds[0], &model, sizeof model);
  while (n == -1 && errno == EINTR);
  close (fds[0]);
  while (waitpid (pid, &status, 0) == -1) {
    if (errno != EINTR) {
      nbdkit_error ("waitpid: %m");
      return -1;
    }
  }
  if (WIFSIGNALED (status)) {
    nbdkit_error ("the C# plugin's parameter check was killed by signal %d", WTERMSIG (status));
    return -1;
  }
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    return -1;                  /* The child printed why. */
  if (n != sizeof model || model < NBDKIT_THREAD_MODEL_SERIALIZE_CONNECTIONS || model > NBDKIT_THREAD_MODEL_PARALLEL) {
    nbdkit_error ("the C# plugin's parameter check gave no thread model");
    return -1;
  }
  thread_model = model;
  return 0;
}

static int
front_thread_model (void)
{
  return thread_model;
}

/* The first managed call in the serving process: configure (in the start directory, so relative
 * paths mean what the user meant), GetReady, then AfterFork where nbdkit left us. */
static int
front_after_fork (void)
{
  int here = open (".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  int r;

  managed_started = 1;
  nbdkit_cs_register ();
  if (start_dir >= 0 && fchdir (start_dir) == -1) {
    nbdkit_error ("fchdir to the start directory: %m");
    return -1;
  }
  r = nbdkit_cs_start (count, keys, values);
  if (here >= 0) {
    if (fchdir (here) == -1) {
      nbdkit_error ("fchdir back: %m");
      r = -1;
    }
    close (here);
  }
  if (start_dir >= 0) {
    close (start_dir);
    start_dir = -1;
  }
  if (r == -1)
    return -1;
  return nbdkit_cs_after_fork ();
}

static void
front_cleanup (void)
{
  if (managed_started)
    nbdkit_cs_cleanup ();
}

static void
front_unload (void)
{
  int i;

  if (managed_started)
    nbdkit_cs_unload ();
  for (i = 0; i < count; i++) {
    free ((char *) keys[i]);
    free ((char *) values[i]);
  }
  free (keys);
  free (values);
}

static void
front_dump_plugin (void)
{
  char *text;

  managed_started = 1;
  nbdkit_cs_register ();
  fflush (stdout);
  text = nbdkit_cs_dump_plugin ();
  if (text) {
    fputs (text, stdout);
    free (text);
  }
  fflush (stdout);
}

static struct nbdkit_plugin plugin = {
  .name = NBDKIT_CS_NAME,
  .version = NBDKIT_CS_VERSION,
  .longname = NBDKIT_CS_LONGNAME,
  .description = NBDKIT_CS_DESCRIPTION,
  .config_help = NBDKIT_CS_CONFIG_HELP,
  .magic_config_key = NBDKIT_CS_MAGIC_CONFIG_KEY,
  .unload = front_unload,
  .dump_plugin = front_dump_plugin,
  .config = front_config,
  .config_complete = front_config_complete,
  .thread_model = front_thread_model,
  .after_fork = front_after_fork,
  .cleanup = front_cleanup,
  .preconnect = nbdkit_cs_preconnect,
  .list_exports = nbdkit_cs_list_exports,
  .default_export = nbdkit_cs_default_export,
  .open = nbdkit_cs_open,
  .close = nbdkit_cs_close,
  .get_size = nbdkit_cs_get_size,
  .export_description = nbdkit_cs_export_description,
  .block_size = nbdkit_cs_block_size,
  .can_write = nbdkit_cs_can_write,
  .can_flush = nbdkit_cs_can_flush,
  .is_rotational = nbdkit_cs_is_rotational,
  .can_trim = nbdkit_cs_can_trim,
  .can_zero = nbdkit_cs_can_zero,
  .can_fast_zero = nbdkit_cs_can_fast_zero,
  .can_extents = nbdkit_cs_can_extents,
  .can_fua = nbdkit_cs_can_fua,
  .can_multi_conn = nbdkit_cs_can_multi_conn,
  .can_cache = nbdkit_cs_can_cache,
  .pread = nbdkit_cs_pread,
  .pwrite = nbdkit_cs_pwrite,
  .flush = nbdkit_cs_flush,
  .trim = nbdkit_cs_trim,
  .zero = nbdkit_cs_zero,
  .extents = nbdkit_cs_extents,
  .cache = nbdkit_cs_cache,
  .errno_is_preserved = 0,
};

#define THREAD_MODEL NBDKIT_THREAD_MODEL_PARALLEL
NBDKIT_REGISTER_PLUGIN (plugin)
