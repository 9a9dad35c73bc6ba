/* The same-run ceiling: a one-thread C epoll echo server answering "OK" to every chunk read.
 * Build: gcc -O2 -o echo_ceiling echo_ceiling.c    Run: ./echo_ceiling 28889 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv) {
    int port = argc > 1 ? atoi(argv[1]) : 28889;
    int s = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in sa = {0}; sa.sin_family = AF_INET; sa.sin_port = htons(port); sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(s, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(s, 4096) < 0) { perror("bind"); return 1; }
    int ep = epoll_create1(0);
    struct epoll_event ev = { .events = EPOLLIN, .data.fd = s }; epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev);
    struct epoll_event evs[256]; char buf[1024];
    for (;;) {
        int k = epoll_wait(ep, evs, 256, -1);
        for (int e = 0; e < k; e++) {
            int fd = evs[e].data.fd;
            if (fd == s) {
                int c = accept(s, NULL, NULL); if (c < 0) continue;
                setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one); fcntl(c, F_SETFL, O_NONBLOCK);
                struct epoll_event cev = { .events = EPOLLIN, .data.fd = c }; epoll_ctl(ep, EPOLL_CTL_ADD, c, &cev);
            } else {
                ssize_t r = recv(fd, buf, sizeof buf, 0);
                if (r > 0) send(fd, "OK", 2, 0);
                else if (r == 0 || errno != EAGAIN) close(fd);
            }
        }
    }
}
