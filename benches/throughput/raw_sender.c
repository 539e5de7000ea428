/*
 * raw_sender.c -- the baseline of issue 16 (b): GET round trips per second with nothing but
 * sendto/recvfrom on one UDP socket, no SNMP library.
 *
 * What it measures: completed SNMPv2c GETs (of sysUpTime.0, community "public") per second
 * against N agents on consecutive ports HOST:BASE .. HOST:BASE+N-1, keeping W requests
 * outstanding: each answer (a Response whose request-id is that of an outstanding request,
 * from the port it went to) completes that request and the next request goes out at once,
 * to the next target in turn. A request unanswered after 1 s is counted as a timeout and
 * replaced by a new one (new request-id), so the window never shrinks.
 *
 * Common rules of the issue-16 throughput programs (raw_sender.c, winsnmp_capi_gets.c,
 * crates/winsnmp/examples/gets.rs, crates/winsnmp-bench/examples/asnmp_gets.rs,
 * scripts/gufo_gets.py): the window opens RAMP (200) requests at a time, 1 ms apart (a
 * burst of 10,000 datagrams would overflow loopback's 1,000-packet backlog); the first
 * WARMUP seconds (-u, default 0.5), and the ramp if it takes longer, are not counted; then
 * D seconds (-d) are; the program
 * prints one line `RESULT program=P targets=N window=W seconds=S completed=C timeouts=T
 * gets_per_s=G cpu_us_per_get=U user_us_per_get=V` (counts of the measured period only;
 * U is the process's CPU time, user + system, in that period divided by C; V its
 * user-space part).
 *
 * The request is encoded once (43 octets); only the 4-octet request-id is patched in place
 * before each send (ids 0x40000000 + (generation << 17) + slot: always a 4-octet positive
 * INTEGER, so the encoding stays minimal). Answers are parsed just far enough to read the
 * PDU type and request-id. One blocking socket (4 MiB buffers), recvfrom with MSG_DONTWAIT
 * after poll(); no batching (no sendmmsg/recvmmsg): it is the baseline the libraries are
 * compared with, not a tuned sender.
 *
 * -s SPIN (default 0) adds busy work: SPIN turns of an empty loop after each answer,
 * before the next request goes out. It measures how much work per GET a manager can do in
 * a cell before it falls behind this baseline (the user-space budget of the cell: compare
 * the user_us_per_get printed with and without it); it is not part of the comparison.
 *
 * Build: gcc -std=c11 -Wall -Wextra -Werror -O2 -o raw_sender benches/throughput/raw_sender.c
 * Run:   raw_sender [-h HOST] -p BASE_PORT [-n TARGETS] [-w WINDOW] [-d SECONDS] [-u WARMUP]
 *                   [-s SPIN]
 *        (defaults: 127.0.0.1, 1 target, window 1, 5 s, 0.5 s, 0; window at most 131072)
 * scripts/bench-manager.py builds and runs it.
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_WINDOW 131072 /* 17 bits of slot in the request-id */
#define SLOT_BITS 17
#define TIMEOUT_NS 1000000000LL
#define RAMP 200
#define RAMP_NS 1000000LL

/* GetRequest, v2c, "public", request-id 0 (4 octets at offset 17), sysUpTime.0 = NULL. */
static const uint8_t TEMPLATE[] = {
    0x30, 0x29,                                     /* Message, 41 octets */
    0x02, 0x01, 0x01,                               /* version 1 (v2c) */
    0x04, 0x06, 'p', 'u', 'b', 'l', 'i', 'c',       /* community */
    0xa0, 0x1c,                                     /* GetRequest PDU, 28 octets */
    0x02, 0x04, 0x00, 0x00, 0x00, 0x00,             /* request-id (patched) */
    0x02, 0x01, 0x00,                               /* error-status */
    0x02, 0x01, 0x00,                               /* error-index */
    0x30, 0x0e, 0x30, 0x0c,                         /* VarBindList, VarBind */
    0x06, 0x08, 0x2b, 0x06, 0x01, 0x02, 0x01, 0x01, 0x03, 0x00, /* 1.3.6.1.2.1.1.3.0 */
    0x05, 0x00,                                     /* NULL */
};
#define RID_OFFSET 17

typedef struct {
    int32_t id;       /* request-id outstanding in this slot */
    uint16_t port;    /* target port (network order) */
    int64_t sent_ns;  /* when it was sent */
} slot_t;

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* CPU time of this process so far, in seconds: user + system, and in *user the
 * user-space part (what the library can change: the kernel's share is the same sends and
 * receives for every program). */
static double cpu_s(double *user)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    *user = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6;
    return *user + (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

static void die(const char *what)
{
    perror(what);
    exit(2);
}

/* Reads a BER length at *p (bounded by end); -1 if malformed. */
static long ber_len(const uint8_t **p, const uint8_t *end)
{
    if (*p >= end)
        return -1;
    uint8_t b = *(*p)++;
    if (b < 0x80)
        return b;
    int n = b & 0x7f;
    if (n == 0 || n > 3 || end - *p < n)
        return -1;
    long len = 0;
    while (n-- > 0)
        len = (len << 8) | *(*p)++;
    return len;
}

/* The request-id of a v1/v2c Response in buf, or -1 when it is not one. */
static long response_id(const uint8_t *buf, size_t n)
{
    const uint8_t *p = buf, *end = buf + n;
    long len;
    if (p >= end || *p++ != 0x30 || ber_len(&p, end) < 0)
        return -1;
    if (p >= end || *p++ != 0x02 || (len = ber_len(&p, end)) < 0 || end - p < len)
        return -1; /* version */
    p += len;
    if (p >= end || *p++ != 0x04 || (len = ber_len(&p, end)) < 0 || end - p < len)
        return -1; /* community */
    p += len;
    if (p >= end || *p++ != 0xa2 || ber_len(&p, end) < 0)
        return -1; /* Response PDU */
    if (p >= end || *p++ != 0x02 || (len = ber_len(&p, end)) < 1 || len > 4 || end - p < len)
        return -1;
    uint32_t v = (*p & 0x80) ? 0xffffffffu : 0;
    for (long i = 0; i < len; i++)
        v = (v << 8) | p[i];
    if ((int32_t)v < 0)
        return -1;
    return (long)v;
}

int main(int argc, char **argv)
{
    const char *host = "127.0.0.1";
    long base = -1, targets = 1, window = 1;
    double duration = 5.0, warmup = 0.5;
    long spin = 0;
    int opt;
    while ((opt = getopt(argc, argv, "h:p:n:w:d:u:s:")) != -1) {
        switch (opt) {
        case 'h': host = optarg; break;
        case 'p': base = strtol(optarg, NULL, 10); break;
        case 'n': targets = strtol(optarg, NULL, 10); break;
        case 'w': window = strtol(optarg, NULL, 10); break;
        case 'd': duration = strtod(optarg, NULL); break;
        case 'u': warmup = strtod(optarg, NULL); break;
        case 's': spin = strtol(optarg, NULL, 10); break;
        default:
            fprintf(stderr, "usage: %s [-h HOST] -p BASE_PORT [-n TARGETS] [-w WINDOW] "
                            "[-d SECONDS] [-u WARMUP] [-s SPIN]\n", argv[0]);
            return 2;
        }
    }
    if (base < 1 || targets < 1 || base + targets - 1 > 65535 || window < 1 ||
        window > MAX_WINDOW || !(duration > 0 && duration <= 3600) ||
        !(warmup >= 0 && warmup <= 60) || spin < 0 || spin > 100000000L) {
        fprintf(stderr,
                "%s: bad arguments (need -p, 1 <= window <= %d, 0 < seconds <= 3600, "
                "0 <= warmup <= 60, 0 <= spin <= 100000000)\n",
                argv[0], MAX_WINDOW);
        return 2;
    }

    struct sockaddr_in to;
    memset(&to, 0, sizeof to);
    to.sin_family = AF_INET;
    if (inet_pton(AF_INET, host, &to.sin_addr) != 1) {
        fprintf(stderr, "%s: %s is not an IPv4 address\n", argv[0], host);
        return 2;
    }
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0)
        die("socket");
    int bufsize = 4 << 20;
    (void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bufsize, sizeof bufsize);
    (void)setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &bufsize, sizeof bufsize);

    slot_t *slots = calloc((size_t)window, sizeof *slots);
    if (slots == NULL)
        die("calloc");
    uint8_t req[sizeof TEMPLATE];
    memcpy(req, TEMPLATE, sizeof TEMPLATE);
    uint8_t buf[65536];
    uint32_t generation = 0;
    long next_target = 0;
    unsigned long long completed = 0, timeouts = 0, strays = 0;

    /* Sends the next request from slot `s`. */
#define SEND(s)                                                                        \
    do {                                                                               \
        uint32_t id_ = 0x40000000u | ((generation++ & 0x1fffu) << SLOT_BITS) | (uint32_t)(s); \
        req[RID_OFFSET] = (uint8_t)(id_ >> 24);                                        \
        req[RID_OFFSET + 1] = (uint8_t)(id_ >> 16);                                    \
        req[RID_OFFSET + 2] = (uint8_t)(id_ >> 8);                                     \
        req[RID_OFFSET + 3] = (uint8_t)id_;                                            \
        to.sin_port = htons((uint16_t)(base + next_target));                           \
        if (++next_target == targets)                                                  \
            next_target = 0;                                                           \
        slots[s].id = (int32_t)id_;                                                    \
        slots[s].port = to.sin_port;                                                   \
        slots[s].sent_ns = now_ns();                                                   \
        while (sendto(fd, req, sizeof req, 0, (struct sockaddr *)&to, sizeof to) < 0) { \
            if (errno != EINTR && errno != ENOBUFS && errno != EAGAIN)                 \
                die("sendto");                                                         \
        }                                                                              \
    } while (0)

    int64_t now = now_ns();
    int64_t start = now + (int64_t)(warmup * 1e9);
    int64_t end = start + (int64_t)(duration * 1e9);
    int64_t next_scan = now + 100000000LL, next_ramp = now;
    long opened = 0; /* slots in use: the window opens RAMP at a time */
    int counting = 0;
    unsigned long long completed_before = 0, timeouts_before = 0;
    double cpu_before = 0, user_before = 0;

    struct pollfd pfd = {.fd = fd, .events = POLLIN};
    while (!counting || now < end) {
        if (!counting && now >= start && opened == window) {
            counting = 1;
            completed_before = completed;
            timeouts_before = timeouts;
            cpu_before = cpu_s(&user_before);
            start = now;
            end = start + (int64_t)(duration * 1e9);
        }
        if (opened < window && now >= next_ramp) {
            for (long k = 0; k < RAMP && opened < window; k++, opened++)
                SEND(opened);
            next_ramp = now + RAMP_NS;
        }
        int64_t until = opened < window ? next_ramp : next_scan;
        if (!counting && opened == window && start < until)
            until = start;
        int wait_ms = (int)((until - now) / 1000000LL);
        int r = poll(&pfd, 1, wait_ms < 0 ? 0 : wait_ms);
        if (r < 0 && errno != EINTR)
            die("poll");
        /* Bounded, so the clock is read again at least every 1,024 datagrams. */
        for (int budget = 0; budget < 1024; budget++) {
            struct sockaddr_in from;
            socklen_t fl = sizeof from;
            ssize_t n = recvfrom(fd, buf, sizeof buf, MSG_DONTWAIT, (struct sockaddr *)&from, &fl);
            if (n < 0) {
                if (errno == EAGAIN || errno == EWOULDBLOCK)
                    break;
                if (errno == EINTR || errno == ECONNREFUSED)
                    continue;
                die("recvfrom");
            }
            long id = response_id(buf, (size_t)n);
            long s = id < 0 ? -1 : (id & ((1L << SLOT_BITS) - 1));
            if (s < 0 || s >= opened || slots[s].id != (int32_t)id || slots[s].port != from.sin_port) {
                strays++; /* late answer to a request that timed out, or garbage */
                continue;
            }
            completed++;
            for (volatile long k = 0; k < spin; k++) {
            }
            SEND(s);
        }
        now = now_ns();
        if (now >= next_scan) {
            for (long s = 0; s < opened; s++) {
                if (now - slots[s].sent_ns >= TIMEOUT_NS) {
                    timeouts++;
                    SEND(s);
                }
            }
            next_scan = now + 100000000LL;
        }
    }
    double secs = (double)(now - start) / 1e9;
    double user = 0, cpu = cpu_s(&user) - cpu_before;
    user -= user_before;
    completed -= completed_before;
    timeouts -= timeouts_before;
    printf("RESULT program=raw_sender targets=%ld window=%ld seconds=%.3f completed=%llu "
           "timeouts=%llu strays=%llu gets_per_s=%.0f cpu_us_per_get=%.2f "
           "user_us_per_get=%.2f\n",
           targets, window, secs, completed, timeouts, strays, (double)completed / secs,
           cpu * 1e6 / (double)(completed ? completed : 1),
           user * 1e6 / (double)(completed ? completed : 1));
    free(slots);
    close(fd);
    return 0;
}
