/*
 * Chat load generator for the seed's UDP protocol (PROTOCOLS.md §1).
 *
 * N members join (one UDP socket each, `L bench-<i>`, wait for OK). The first M of them are
 * senders: each keeps at most W of its own messages "undelivered" (not yet received by all
 * N-1 other members). Receiver threads read every member socket with recvmmsg and count
 * deliveries; a message's send time travels in its text, so latency is measured per datagram.
 * With --rate R the senders are paced to R messages/s in total (for latency at a fixed load).
 *
 * Prints one line of key=value figures: delivered datagrams/s, p50/p99 latency, lost deliveries.
 *
 * PORT may be a comma-separated list (one node each): member i then talks to the (i mod k)-th,
 * which spreads one room's members over several cluster nodes.
 *
 *   loadgen HOST PORT[,PORT...] [--members N] [--senders M] [--window W] [--seconds S] [--threads T]
 *                     [--rate R] [--join-only] [--hold S]
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define SLOTS 64             /* per-sender ring of in-flight messages; must exceed the window */
#define BATCH 64
#define LAT_BUCKETS 100000   /* 10 µs buckets up to 1 s */

static int members = 100, senders = 20, window_size = 4, seconds = 10, threads = 2, join_only = 0, hold = 0;
static double rate = 0;
#define MAX_SERVERS 16
static struct sockaddr_in servers[MAX_SERVERS];
static int nservers;
#define SERVER(i) ((struct sockaddr *)&servers[(i) % nservers])
static char prefix[32];         /* "b<pid>-": names unique to this run */
static int *socks;
static atomic_int *outstanding;         /* per sender: messages not yet delivered to everyone */
static atomic_int *counts;              /* per sender × slot: deliveries seen for that message */
static atomic_long delivered, sent_msgs;
static atomic_int receiving = 1;
static _Atomic uint64_t *lat;           /* histogram, shared by receiver threads */

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static void die(const char *what) { perror(what); exit(2); }

static void join_all(void) {
    char buf[256];
    for (int i = 0; i < members; i++) {
        int s = socket(AF_INET, SOCK_DGRAM, 0);
        if (s < 0) die("socket");
        int big = 1 << 21;
        setsockopt(s, SOL_SOCKET, SO_RCVBUF, &big, sizeof big);
        struct sockaddr_in any = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
        if (bind(s, (struct sockaddr *)&any, sizeof any) < 0) die("bind");
        socks[i] = s;
        int n = snprintf(buf, sizeof buf, "L %s%d", prefix, i);
        sendto(s, buf, n, 0, SERVER(i), sizeof servers[0]);
        for (int waited = 0;;) {
            struct pollfd p = { .fd = s, .events = POLLIN };
            if (poll(&p, 1, 1000) == 1) {
                char reply[128];
                ssize_t r = recv(s, reply, sizeof reply, 0);
                if (r == 2 && memcmp(reply, "OK", 2) == 0) break;
                if (r > 0 && reply[0] == '\n') continue; /* a notice meant for a member: keep waiting for OK */
                fprintf(stderr, "member %d refused: %.*s\n", i, (int)r, reply);
                exit(2);
            }
            if (++waited == 10) { fprintf(stderr, "member %d: no answer to L in 10 s\n", i); exit(2); }
        }
    }
    /* Drain the welcome notices the joins produced. */
    char drain[2048];
    for (int i = 0; i < members; i++)
        while (recv(socks[i], drain, sizeof drain, MSG_DONTWAIT) > 0) {}
}

static void *receiver(void *arg) {
    long t = (long)arg;
    int ep = epoll_create1(0);
    for (int i = t; i < members; i += threads) {
        struct epoll_event e = { .events = EPOLLIN, .data.u32 = i };
        epoll_ctl(ep, EPOLL_CTL_ADD, socks[i], &e);
    }
    static __thread char bufs[BATCH][2048];
    struct mmsghdr msgs[BATCH];
    struct iovec iov[BATCH];
    for (int i = 0; i < BATCH; i++) {
        iov[i].iov_base = bufs[i];
        iov[i].iov_len = sizeof bufs[i];
        memset(&msgs[i], 0, sizeof msgs[i]);
        msgs[i].msg_hdr.msg_iov = &iov[i];
        msgs[i].msg_hdr.msg_iovlen = 1;
    }
    struct epoll_event evs[64];
    while (atomic_load(&receiving)) {
        int n = epoll_wait(ep, evs, 64, 100);
        for (int k = 0; k < n; k++) {
            int s = socks[evs[k].data.u32];
            for (;;) {
                int got = recvmmsg(s, msgs, BATCH, MSG_DONTWAIT, NULL);
                if (got <= 0) break;
                uint64_t now = now_ns();
                for (int j = 0; j < got; j++) {
                    /* "\nb<pid>-<sender>: <seq> <sent_ns>" */
                    char *p = bufs[j];
                    bufs[j][msgs[j].msg_len < 2047 ? msgs[j].msg_len : 2047] = 0;
                    size_t plen = strlen(prefix);
                    if (p[0] != '\n' || strncmp(p + 1, prefix, plen) != 0) continue;
                    int sender = atoi(p + 1 + plen);
                    char *colon = strchr(p, ':');
                    if (!colon || sender < 0 || sender >= senders) continue;
                    long seq = strtol(colon + 1, &p, 10);
                    uint64_t sent = strtoull(p, NULL, 10);
                    uint64_t us = (now - sent) / 10000;
                    atomic_fetch_add_explicit(&lat[us < LAT_BUCKETS ? us : LAT_BUCKETS - 1], 1, memory_order_relaxed);
                    atomic_fetch_add_explicit(&delivered, 1, memory_order_relaxed);
                    int slot = sender * SLOTS + (int)(seq % SLOTS);
                    if (atomic_fetch_add(&counts[slot], 1) + 1 == members - 1) {
                        atomic_store(&counts[slot], 0);
                        atomic_fetch_sub(&outstanding[sender], 1);
                    }
                }
            }
        }
    }
    return NULL;
}

static void quit_all(void) {
    char buf[64];
    for (int i = 0; i < members; i++) {
        int n = snprintf(buf, sizeof buf, "Q %s%d", prefix, i);
        sendto(socks[i], buf, n, 0, SERVER(i), sizeof servers[0]);
    }
}

static double percentile(double q, uint64_t total) {
    uint64_t want = (uint64_t)(q * total), seen = 0;
    for (int i = 0; i < LAT_BUCKETS; i++) {
        seen += atomic_load(&lat[i]);
        if (seen > want) return i * 0.01;
    }
    return LAT_BUCKETS * 0.01;
}

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: loadgen HOST PORT [options]\n"); return 2; }
    for (char *port = strtok(argv[2], ","); port && nservers < MAX_SERVERS; port = strtok(NULL, ",")) {
        servers[nservers].sin_family = AF_INET;
        servers[nservers].sin_port = htons(atoi(port));
        if (inet_pton(AF_INET, argv[1], &servers[nservers].sin_addr) != 1) { fprintf(stderr, "bad host\n"); return 2; }
        nservers++;
    }
    for (int i = 3; i < argc; i++) {
        if (!strcmp(argv[i], "--members")) members = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--senders")) senders = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--window")) window_size = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--seconds")) seconds = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--threads")) threads = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--rate")) rate = atof(argv[++i]);
        else if (!strcmp(argv[i], "--join-only")) join_only = 1;
        else if (!strcmp(argv[i], "--hold")) hold = atoi(argv[++i]);
        else { fprintf(stderr, "unknown option %s\n", argv[i]); return 2; }
    }
    if (senders > members) senders = members;
    snprintf(prefix, sizeof prefix, "b%d-", (int)getpid());
    if (window_size >= SLOTS) { fprintf(stderr, "window must be < %d\n", SLOTS); return 2; }
    socks = calloc(members, sizeof *socks);
    outstanding = calloc(senders, sizeof *outstanding);
    counts = calloc((size_t)senders * SLOTS, sizeof *counts);
    lat = calloc(LAT_BUCKETS, sizeof *lat);

    uint64_t t0 = now_ns();
    join_all();
    fprintf(stderr, "joined %d members in %.2f s\n", members, (now_ns() - t0) / 1e9);
    if (join_only) {
        printf("joined=%d\n", members);
        fflush(stdout);
        if (hold) sleep(hold);
        quit_all();
        return 0;
    }

    pthread_t *rt = calloc(threads, sizeof *rt);
    for (long t = 0; t < threads; t++) pthread_create(&rt[t], NULL, receiver, (void *)t);

    long *seq = calloc(senders, sizeof *seq);
    char msg[128];
    uint64_t start = now_ns(), end = start + (uint64_t)seconds * 1000000000ull;
    double interval = rate > 0 ? 1e9 / rate : 0;
    uint64_t next = start;
    long progress_at = 1;
    while (now_ns() < end) {
        int sent_any = 0;
        for (int s = 0; s < senders; s++) {
            if (atomic_load(&outstanding[s]) >= window_size) continue;
            if (interval > 0) {
                uint64_t now = now_ns();
                if (now < next) continue;
                next += (uint64_t)interval;
            }
            atomic_fetch_add(&outstanding[s], 1);
            int n = snprintf(msg, sizeof msg, "C %s%d %ld %llu", prefix, s, seq[s]++, (unsigned long long)now_ns());
            sendto(socks[s], msg, n, 0, SERVER(s), sizeof servers[0]);
            atomic_fetch_add(&sent_msgs, 1);
            sent_any = 1;
        }
        if (!sent_any) {
            struct timespec ts = { 0, 20000 };
            nanosleep(&ts, NULL);
        }
        long elapsed = (long)((now_ns() - start) / 1000000000ull);
        if (elapsed >= progress_at) {
            fprintf(stderr, "  %lds: %ld delivered\n", elapsed, atomic_load(&delivered));
            progress_at = elapsed + 1;
        }
    }
    double took = (now_ns() - start) / 1e9;
    long at_end = atomic_load(&delivered);
    /* Give stragglers a moment, then count what never arrived. */
    struct timespec settle = { 1, 0 };
    nanosleep(&settle, NULL);
    atomic_store(&receiving, 0);
    for (int t = 0; t < threads; t++) pthread_join(rt[t], NULL);
    long total = atomic_load(&delivered);
    long expected = atomic_load(&sent_msgs) * (members - 1);
    quit_all();
    printf("members=%d senders=%d window=%d rate=%.0f seconds=%.1f delivered_per_s=%.0f p50_ms=%.2f p99_ms=%.2f sent=%ld lost=%ld\n",
           members, senders, window_size, rate, took, at_end / took,
           percentile(0.50, total), percentile(0.99, total), atomic_load(&sent_msgs), expected - total);
    return 0;
}
