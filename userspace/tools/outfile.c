// SPDX-License-Identifier: BSD-3-Clause
/* outfile.c - safe outputs for the srtpo subcommands; see outfile.h for the rules. */
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

int outfile_stat_input(const char *path, struct stat *st)
{
	if (!strcmp(path, "-"))
		return fstat(STDIN_FILENO, st);
	return stat(path, st);
}

/* Creates the temporary file beside target: "DIR/.NAME.XXXXXX". */
static int make_temp(struct outfile *of, char *err, size_t cap)
{
	const char *slash = strrchr(of->target, '/');
	size_t dlen = slash ? (size_t)(slash - of->target) + 1 : 0;
	const char *base = slash ? slash + 1 : of->target;
	size_t n = dlen + 1 + strlen(base) + 8;
	int fd;

	of->tmp = malloc(n);
	if (!of->tmp) {
		snprintf(err, cap, "%s: out of memory", of->path);
		return -1;
	}
	snprintf(of->tmp, n, "%.*s.%s.XXXXXX", (int)dlen, of->target, base);
	fd = mkstemp(of->tmp);
	if (fd < 0) {
		snprintf(err, cap, "%s: cannot create a file beside it: %s", of->path,
			 strerror(errno));
		free(of->tmp);
		of->tmp = NULL;
		return -1;
	}
	of->fp = fdopen(fd, "wb");
	if (!of->fp) {
		snprintf(err, cap, "%s: %s", of->path, strerror(errno));
		close(fd);
		unlink(of->tmp);
		free(of->tmp);
		of->tmp = NULL;
		return -1;
	}
	return 0;
}

int outfile_open(struct outfile *of, const char *path, const struct stat *input, char *err,
		 size_t cap)
{
	struct stat st, lst;
	mode_t um;

	memset(of, 0, sizeof(*of));
	of->path = path;
	if (!strcmp(path, "-")) {
		of->kind = OUTFILE_STDOUT;
		of->fp = stdout;
		if (input && fstat(STDOUT_FILENO, &st) == 0 && S_ISREG(st.st_mode) &&
		    same_file(&st, input)) {
			snprintf(err, cap, "IN and OUT are the same file (stdout is the input)");
			return OUTFILE_SAME;
		}
		return 0;
	}
	if (stat(path, &st) == 0) {
		if (input && same_file(&st, input)) {
			snprintf(err, cap, "IN and OUT are the same file (%s)", path);
			return OUTFILE_SAME;
		}
		if (S_ISDIR(st.st_mode)) {
			snprintf(err, cap, "%s: is a directory", path);
			return -1;
		}
		if (S_ISBLK(st.st_mode)) {
			snprintf(err, cap, "%s: is a block device; refusing to write a file onto it",
				 path);
			return -1;
		}
		if (!S_ISREG(st.st_mode)) {
			/* A FIFO, socket or character device: written as it is, never replaced. */
			int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);

			if (fd < 0) {
				snprintf(err, cap, "%s: %s", path, strerror(errno));
				return -1;
			}
			of->fp = fdopen(fd, "wb");
			if (!of->fp) {
				snprintf(err, cap, "%s: %s", path, strerror(errno));
				close(fd);
				return -1;
			}
			of->kind = OUTFILE_STREAM;
			return 0;
		}
		/* A regular file, perhaps through symbolic links: replace the target. */
		of->target = realpath(path, NULL);
		if (!of->target) {
			snprintf(err, cap, "%s: %s", path, strerror(errno));
			return -1;
		}
		of->mode = st.st_mode & 07777;
	} else if (errno != ENOENT) {
		snprintf(err, cap, "%s: %s", path, strerror(errno));
		return -1;
	} else {
		if (lstat(path, &lst) == 0) {
			snprintf(err, cap, "%s: is a symbolic link to a missing file", path);
			return -1;
		}
		of->target = strdup(path);
		if (!of->target) {
			snprintf(err, cap, "%s: out of memory", path);
			return -1;
		}
		um = umask(0);
		umask(um);
		of->mode = 0666 & ~um;
	}
	of->kind = OUTFILE_REGULAR;
	if (make_temp(of, err, cap)) {
		free(of->target);
		of->target = NULL;
		return -1;
	}
	return 0;
}

int outfile_is_stream(const struct outfile *of)
{
	return of->kind != OUTFILE_REGULAR;
}

int outfile_commit(struct outfile *of, char *err, size_t cap)
{
	int rc = 0;

	if (!of->fp)
		return -1;
	if (fflush(of->fp)) {
		snprintf(err, cap, "%s: write error: %s", of->path, strerror(errno));
		outfile_abort(of);
		return -1;
	}
	if (of->kind == OUTFILE_STDOUT) {
		of->fp = NULL;
		return 0;
	}
	if (of->kind == OUTFILE_REGULAR && fchmod(fileno(of->fp), of->mode))
		rc = -1;
	if (fclose(of->fp) || rc) {
		snprintf(err, cap, "%s: write error: %s", of->path, strerror(errno));
		of->fp = NULL;
		outfile_abort(of);
		return -1;
	}
	of->fp = NULL;
	if (of->kind == OUTFILE_REGULAR) {
		if (rename(of->tmp, of->target)) {
			snprintf(err, cap, "%s: cannot put the result in place: %s", of->path,
				 strerror(errno));
			outfile_abort(of);
			return -1;
		}
		free(of->tmp);
		free(of->target);
		of->tmp = of->target = NULL;
	}
	return 0;
}

void outfile_abort(struct outfile *of)
{
	if (of->fp && of->kind != OUTFILE_STDOUT)
		fclose(of->fp);
	else if (of->fp)
		fflush(of->fp);
	of->fp = NULL;
	/* only the temporary file is ours to remove */
	if (of->tmp)
		unlink(of->tmp);
	free(of->tmp);
	free(of->target);
	of->tmp = of->target = NULL;
}
