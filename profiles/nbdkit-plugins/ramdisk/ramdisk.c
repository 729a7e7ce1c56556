/* ramdisk: a read-write in-memory disk for nbdkit.
 *   nbdkit nbdkit-ramdisk-plugin.so size=1M
 * The disk starts zeroed; writes stay until the server exits.
 */
#define NBDKIT_API_VERSION 2
#include <nbdkit-plugin.h>

#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* One disk per server: every client sees the same bytes, so requests are serialised. */
#define THREAD_MODEL NBDKIT_THREAD_MODEL_SERIALIZE_ALL_REQUESTS

static int64_t disk_size = -1;
static unsigned char *disk;

static void
ramdisk_unload (void)
{
  free (disk);
}

static int
ramdisk_config (const char *key, const char *value)
{
  if (strcmp (key, "size") == 0) {
    disk_size = nbdkit_parse_size (value);
    return disk_size == -1 ? -1 : 0;
  }
  nbdkit_error ("unknown parameter '%s'", key);
  return -1;
}

static int
ramdisk_config_complete (void)
{
  if (disk_size < 0) {
    nbdkit_error ("you must give size=<bytes>");
    return -1;
  }
  return 0;
}

static int
ramdisk_get_ready (void)
{
  /* calloc(0) may return NULL; one byte keeps the pointer valid for an empty disk. */
  disk = calloc (disk_size > 0 ? (size_t) disk_size : 1, 1);
  if (disk == NULL) {
    nbdkit_error ("cannot allocate %" PRIi64 " bytes", disk_size);
    return -1;
  }
  return 0;
}

static void *
ramdisk_open (int readonly)
{
  return NBDKIT_HANDLE_NOT_NEEDED;
}

static int64_t
ramdisk_get_size (void *handle)
{
  return disk_size;
}

static int
ramdisk_pread (void *handle, void *buf, uint32_t count, uint64_t offset, uint32_t flags)
{
  memcpy (buf, disk + offset, count);
  return 0;
}

static int
ramdisk_pwrite (void *handle, const void *buf, uint32_t count, uint64_t offset, uint32_t flags)
{
  memcpy (disk + offset, buf, count);
  return 0;
}

static struct nbdkit_plugin plugin = {
  .name = "ramdisk",
  .version = "1.0",
  .longname = "profiles in-memory disk",
  .description = "A read-write disk held in memory.",
  .config_help = "size=<SIZE> (required) The size of the disk.",
  .unload = ramdisk_unload,
  .config = ramdisk_config,
  .config_complete = ramdisk_config_complete,
  .get_ready = ramdisk_get_ready,
  .open = ramdisk_open,
  .get_size = ramdisk_get_size,
  .pread = ramdisk_pread,
  .pwrite = ramdisk_pwrite,
};

NBDKIT_REGISTER_PLUGIN (plugin)
