/* gzdisk: serves the uncompressed contents of a gzip file, read-only.
 *   nbdkit nbdkit-gzdisk-plugin.so file=disk.img.gz
 * The whole file is inflated into memory once, in get_ready: gzip streams cannot be
 * read at random offsets, and the disks this is for are small.
 */
#define NBDKIT_API_VERSION 2
#include <nbdkit-plugin.h>

#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define THREAD_MODEL NBDKIT_THREAD_MODEL_PARALLEL

static char *filename;
static unsigned char *data;
static int64_t data_size;

static void
gzdisk_unload (void)
{
  free (filename);
  free (data);
}

static int
gzdisk_config (const char *key, const char *value)
{
  if (strcmp (key, "file") == 0) {
    free (filename);
    filename = nbdkit_realpath (value);
    return filename == NULL ? -1 : 0;
  }
  nbdkit_error ("unknown parameter '%s'", key);
  return -1;
}

static int
gzdisk_config_complete (void)
{
  if (filename == NULL) {
    nbdkit_error ("you must give file=<path of a gzip file>");
    return -1;
  }
  return 0;
}

static int
gzdisk_get_ready (void)
{
  gzFile gz = gzopen (filename, "rb");
  size_t capacity = 1 << 20;
  int n;

  if (gz == NULL) {
    nbdkit_error ("gzopen: %s: cannot open", filename);
    return -1;
  }
  data = malloc (capacity);
  if (data == NULL) {
    nbdkit_error ("out of memory");
    gzclose (gz);
    return -1;
  }
  for (;;) {
    if ((size_t) data_size == capacity) {
      unsigned char *bigger = realloc (data, capacity * 2);
      if (bigger == NULL) {
        nbdkit_error ("out of memory");
        gzclose (gz);
        return -1;
      }
      data = bigger;
      capacity *= 2;
    }
    n = gzread (gz, data + data_size, (unsigned) (capacity - data_size));
    if (n < 0) {
      int errnum;
      nbdkit_error ("gzread: %s: %s", filename, gzerror (gz, &errnum));
      gzclose (gz);
      return -1;
    }
    if (n == 0)
      break;
    data_size += n;
  }
  gzclose (gz);
  nbdkit_debug ("zlib %s: %s inflates to %" PRIi64 " bytes", zlibVersion (), filename, data_size);
  return 0;
}

static void *
gzdisk_open (int readonly)
{
  return NBDKIT_HANDLE_NOT_NEEDED;
}

static int
gzdisk_can_write (void *handle)
{
  return 0;
}

static int64_t
gzdisk_get_size (void *handle)
{
  return data_size;
}

static int
gzdisk_pread (void *handle, void *buf, uint32_t count, uint64_t offset, uint32_t flags)
{
  memcpy (buf, data + offset, count);
  return 0;
}

static struct nbdkit_plugin plugin = {
  .name = "gzdisk",
  .version = "1.0",
  .longname = "profiles gzip disk",
  .description = "Serves the uncompressed contents of a gzip file.",
  .config_help = "file=<FILENAME> (required) The gzip file to serve.",
  .magic_config_key = "file",
  .unload = gzdisk_unload,
  .config = gzdisk_config,
  .config_complete = gzdisk_config_complete,
  .get_ready = gzdisk_get_ready,
  .open = gzdisk_open,
  .can_write = gzdisk_can_write,
  .get_size = gzdisk_get_size,
  .pread = gzdisk_pread,
};

NBDKIT_REGISTER_PLUGIN (plugin)
