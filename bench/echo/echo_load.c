/* Echo load generator: N connections, each sends a 16-byte request and waits for "OK", in a loop for
 * D seconds (one epoll thread). Prints round trips/s and latency percentiles. With -i it only opens N
 * connections and holds them idle for D seconds (for the server's memory with idle clients).
 * Build: gcc -O2 -o echo_load echo_load.c    Run: ./echo_load 127.0.0.1 28888 16 10 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec / 1e9; }
static int cmp(const void *a, const void *b) { float x = *(const float *)a, y = *(const float *)b; return x < y ? -1 : x > y; }

int main(int argc, char **argv) {
    if (argc < 5) { fprintf(stderr, "usage: %s host port connections seconds [-i]\n", argv[0]); return 2; }
    const char *host = argv[1]; int port = atoi(argv[2]), n = atoi(argv[3]); double secs = atof(argv[4]);
    int idle = argc > 5 && strcmp(argv[5], "-i") == 0;
    struct sockaddr_in sa = {0}; sa.sin_family = AF_INET; sa.sin_port = htons(port); inet_pton(AF_INET, host, &sa.sin_addr);
    int *fds = calloc(n, sizeof(int)); double *sent_at = calloc(n, sizeof(double)); int *got = calloc(n, sizeof(int));
    for (int i = 0; i < n; i++) {
        fds[i] = socket(AF_INET, SOCK_STREAM, 0);
        if (fds[i] < 0 || connect(fds[i], (struct sockaddr *)&sa, sizeof sa) < 0) { fprintf(stderr, "connect %d: %s\n", i, strerror(errno)); return 1; }
        int one = 1; setsockopt(fds[i], IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    }
    if (idle) {
        printf("holding %d idle connections for %.0f s\n", n, secs); fflush(stdout);
        struct timespec t = { (time_t)secs, 0 }; nanosleep(&t, NULL);
        /* Still connected? A closed socket reads 0 or fails at once. */
        int alive = 0; char b[16];
        for (int i = 0; i < n; i++) { ssize_t r = recv(fds[i], b, sizeof b, MSG_DONTWAIT); if (r < 0 && errno == EAGAIN) alive++; }
        printf("alive %d of %d\n", alive, n);
        return 0;
    }
    int ep = epoll_create1(0);
    for (int i = 0; i < n; i++) {
        fcntl(fds[i], F_SETFL, O_NONBLOCK);
        struct epoll_event ev = { .events = EPOLLIN, .data.u32 = i }; epoll_ctl(ep, EPOLL_CTL_ADD, fds[i], &ev);
    }
    size_t cap = 1 << 24, count = 0; float *lat = malloc(cap * sizeof(float));
    char req[16]; memset(req, 'x', sizeof req);
    double start = now(), end = start + secs;
    for (int i = 0; i < n; i++) { sent_at[i] = now(); if (send(fds[i], req, 16, 0) != 16) { perror("send"); return 1; } }
    struct epoll_event evs[256]; char buf[256];
    while (1) {
        int k = epoll_wait(ep, evs, 256, 1000);
        double t = now();
        if (t >= end) break;
        for (int e = 0; e < k; e++) {
            int i = evs[e].data.u32;
            ssize_t r = recv(fds[i], buf, sizeof buf, 0);
            if (r <= 0) { if (r < 0 && errno == EAGAIN) continue; fprintf(stderr, "connection %d closed\n", i); return 1; }
            got[i] += r;
            while (got[i] >= 2) {
                got[i] -= 2;
                if (count < cap) lat[count] = (float)((t - sent_at[i]) * 1e3);
                count++;
                sent_at[i] = t;
                if (send(fds[i], req, 16, 0) != 16) { perror("send"); return 1; }
            }
        }
    }
    double elapsed = now() - start;
    size_t m = count < cap ? count : cap; qsort(lat, m, sizeof(float), cmp);
    printf("connections %d  seconds %.1f  round_trips %zu  rt/s %.0f  p50 %.3f ms  p99 %.3f ms\n",
           n, elapsed, count, count / elapsed, m ? lat[m / 2] : 0, m ? lat[(size_t)(m * 0.99)] : 0);
    return 0;
}
