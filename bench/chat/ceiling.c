/*
 * The same-run ceiling for chat fan-out: the seed's chat server (PROTOCOLS.md §1) in C, one
 * thread, recvmmsg in and sendmmsg out, no validation beyond what the protocol needs. It is what
 * "as fast as this machine goes" means for ActorChat's UDP room; it is not a server to use.
 *
 *   ceiling PORT
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_MEMBERS 20000
#define BATCH 256

struct member { char name[64]; struct sockaddr_in addr; };
static struct member members[MAX_MEMBERS];
static int count;
static int sock;
static struct mmsghdr out[BATCH];
static struct iovec out_iov;

static void flush(int n) {
    int done = 0;
    while (done < n) {
        int r = sendmmsg(sock, out + done, n - done, 0);
        if (r > 0) { done += r; continue; }
        if (errno == EAGAIN) { struct pollfd p = { sock, POLLOUT, 0 }; poll(&p, 1, 100); continue; }
        done++;
    }
}

static void fanout(const char *text, int len, int except) {
    out_iov.iov_base = (void *)text;
    out_iov.iov_len = len;
    int n = 0;
    for (int i = 0; i < count; i++) {
        if (i == except) continue;
        out[n].msg_hdr.msg_name = &members[i].addr;
        out[n].msg_hdr.msg_namelen = sizeof members[i].addr;
        out[n].msg_hdr.msg_iov = &out_iov;
        out[n].msg_hdr.msg_iovlen = 1;
        if (++n == BATCH) { flush(n); n = 0; }
    }
    if (n) flush(n);
}

static int find(const char *name) {
    for (int i = 0; i < count; i++) if (!strcmp(members[i].name, name)) return i;
    return -1;
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: ceiling PORT\n"); return 2; }
    sock = socket(AF_INET, SOCK_DGRAM, 0);
    int big = 1 << 22;
    setsockopt(sock, SOL_SOCKET, SO_SNDBUF, &big, sizeof big);
    setsockopt(sock, SOL_SOCKET, SO_RCVBUF, &big, sizeof big);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(atoi(argv[1])), .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    if (bind(sock, (struct sockaddr *)&a, sizeof a) < 0) { perror("bind"); return 2; }
    printf("ready\n");
    fflush(stdout);

    static char bufs[BATCH][1025];
    static struct sockaddr_in from[BATCH];
    struct mmsghdr in[BATCH];
    struct iovec iov[BATCH];
    char text[2100];
    for (;;) {
        for (int i = 0; i < BATCH; i++) {
            iov[i] = (struct iovec){ bufs[i], 1024 };
            memset(&in[i], 0, sizeof in[i]);
            in[i].msg_hdr.msg_iov = &iov[i];
            in[i].msg_hdr.msg_iovlen = 1;
            in[i].msg_hdr.msg_name = &from[i];
            in[i].msg_hdr.msg_namelen = sizeof from[i];
        }
        int got = recvmmsg(sock, in, BATCH, MSG_WAITFORONE, NULL);
        if (got <= 0) continue;
        for (int j = 0; j < got; j++) {
            char *d = bufs[j];
            d[in[j].msg_len] = 0;
            if (in[j].msg_len < 3 || d[1] != ' ') continue;
            char *name = d + 2, *rest = strchr(name, ' ');
            if (rest) *rest++ = 0;
            int who = find(name);
            if (d[0] == 'L') {
                if (who >= 0 || count == MAX_MEMBERS) { sendto(sock, "exists", 6, 0, (struct sockaddr *)&from[j], sizeof from[j]); continue; }
                int n = snprintf(text, sizeof text, "\n欢迎 %s 进入聊天室", name);
                fanout(text, n, -1);
                snprintf(members[count].name, sizeof members[count].name, "%s", name);
                members[count++].addr = from[j];
                sendto(sock, "OK", 2, 0, (struct sockaddr *)&from[j], sizeof from[j]);
            } else if (d[0] == 'C' && who >= 0) {
                int n = snprintf(text, sizeof text, "\n%s: %s", name, rest ? rest : "");
                fanout(text, n, who);
            } else if (d[0] == 'Q' && who >= 0) {
                sendto(sock, "EXIT", 4, 0, (struct sockaddr *)&members[who].addr, sizeof members[who].addr);
                members[who] = members[--count];
                int n = snprintf(text, sizeof text, "\n%s 退出聊天室", name);
                fanout(text, n, -1);
            }
        }
    }
}
