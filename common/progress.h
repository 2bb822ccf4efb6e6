/* progress.h - a progress line on stderr, only when stderr is a terminal.
 *
 * Long runs redraw one line ("\r...") at most a few times a second; when
 * stderr is a file or a pipe nothing is printed, so logs stay clean. */
#ifndef QUARRY_PROGRESS_H
#define QUARRY_PROGRESS_H

typedef struct progress {
    int enabled;
    double start, last;   /* seconds, monotonic */
    int drawn;            /* a line is on screen and must be cleared */
} progress;

/* Enabled when stderr is a terminal and quiet is 0. */
void progress_init(progress *p, int quiet);

/* Redraws "PROGRAM: FILES/TOTAL files, N passages, R passages/s, ETA"
 * when enough time passed since the last redraw. */
void progress_update(progress *p, const char *program, unsigned long files_done,
                     unsigned long files_total, unsigned long passages);

/* Clears the line so the summary starts at column 0. */
void progress_done(progress *p);

/* Seconds since an arbitrary fixed point (CLOCK_MONOTONIC). */
double progress_now(void);

#endif
