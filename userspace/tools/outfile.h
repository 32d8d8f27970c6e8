/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * outfile.h - where the srtpo subcommands write, without ever destroying what they did not create.
 *
 *   - "-" is stdout, and an existing FIFO, socket or character device (/dev/null, a terminal) is
 *     opened as it is: written in order, never seeked, truncated or removed;
 *   - a regular file (new or existing) is written to a temporary file beside it (".NAME.XXXXXX"
 *     in the same directory) and renamed over it only when everything succeeded; on any error the
 *     temporary file, which we created, is removed and the old file is untouched. A symbolic link
 *     is followed: its target is replaced, the link stays. Other hard links to an old file keep
 *     the old contents;
 *   - block devices and directories are refused;
 *   - the output is compared with the input by device and inode (not by name), so ./a and a,
 *     a symbolic link or a hard link to the input are all "the same file" and refused.
 */
#ifndef SRTPO_TOOLS_OUTFILE_H
#define SRTPO_TOOLS_OUTFILE_H

#include <stdio.h>
#include <sys/stat.h>

enum outfile_kind {
	OUTFILE_STDOUT,              /* "-" */
	OUTFILE_STREAM,              /* an existing FIFO, socket or character device */
	OUTFILE_REGULAR,             /* a temporary file renamed over the target at the end */
};

struct outfile {
	FILE *fp;
	const char *path;            /* as the user gave it (for messages) */
	int kind;
	char *target;                /* OUTFILE_REGULAR: the file the rename replaces */
	char *tmp;                   /* OUTFILE_REGULAR: our temporary file */
	mode_t mode;                 /* mode the result gets */
};

/* Results of outfile_open besides 0. */
#define OUTFILE_SAME (-2)            /* the output is the input (a usage error) */

/*
 * Opens path for writing. `input`, when not NULL, is the fstat of the input: an output that is the
 * same file is refused with OUTFILE_SAME. Returns 0, OUTFILE_SAME or -1; err gets a one-line
 * message naming the path and the cause.
 */
int outfile_open(struct outfile *of, const char *path, const struct stat *input, char *err,
		 size_t err_cap);
/* Whether the output is a pipe, terminal or device (flush often; never seek). */
int outfile_is_stream(const struct outfile *of);
/* Flushes and closes; a regular output is renamed into place. Returns 0 or -1 with err set. */
int outfile_commit(struct outfile *of, char *err, size_t err_cap);
/* Closes after an error: removes our temporary file, nothing else. Safe to call twice. */
void outfile_abort(struct outfile *of);

/* The fstat of a path the way a reader opens it ("-" = stdin). Returns 0 or -1. */
int outfile_stat_input(const char *path, struct stat *st);

#endif /* SRTPO_TOOLS_OUTFILE_H */
