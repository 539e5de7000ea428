/* events.h -- a callback that queues notifications, and a timed wait for them. The callback
 * runs on one of the library's callback threads; the test's main thread waits on a condition
 * variable.
 * With a non-NULL lpClientData the callback also takes the message off the session's queue
 * itself (SnmpRecvMsg from inside the callback: the library holds no lock while calling). */
#ifndef WINSNMP_TEST_EVENTS_H
#define WINSNMP_TEST_EVENTS_H

#include <errno.h>
#include <string.h>
#include <pthread.h>
#include <time.h>

#include "check.h"

typedef struct {
    HSNMP_SESSION session;
    WPARAM wparam;
    LPARAM lparam;
    /* Filled when the callback received the message itself. */
    SNMPAPI_STATUS recv_status;
    HSNMP_ENTITY src, dst;
    HSNMP_CONTEXT context;
    HSNMP_PDU pdu;
} event_t;

#define MAX_EVENTS 256
static pthread_mutex_t ev_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ev_cv = PTHREAD_COND_INITIALIZER;
static event_t ev_queue[MAX_EVENTS];
static int ev_head, ev_tail;

static SNMPAPI_STATUS CALLBACK queue_event(HSNMP_SESSION s, HWND w, UINT m, WPARAM wp,
                                           LPARAM lp, LPVOID client_data)
{
    event_t e;
    (void)w;
    (void)m;
    memset(&e, 0, sizeof e);
    e.session = s;
    e.wparam = wp;
    e.lparam = lp;
    if (client_data != NULL && wp == 0)
        e.recv_status = SnmpRecvMsg(s, &e.src, &e.dst, &e.context, &e.pdu);
    pthread_mutex_lock(&ev_mu);
    if (ev_tail - ev_head < MAX_EVENTS) {
        ev_queue[ev_tail % MAX_EVENTS] = e;
        ev_tail++;
    }
    pthread_cond_signal(&ev_cv);
    pthread_mutex_unlock(&ev_mu);
    return SNMPAPI_SUCCESS;
}

/* Waits up to `timeout_ms` for the next event; 1 if one came. */
static int wait_event(event_t *out, int timeout_ms)
{
    struct timespec ts;
    int got = 0;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_sec += timeout_ms / 1000;
    ts.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&ev_mu);
    while (ev_head == ev_tail) {
        if (pthread_cond_timedwait(&ev_cv, &ev_mu, &ts) == ETIMEDOUT)
            break;
    }
    if (ev_head != ev_tail) {
        *out = ev_queue[ev_head % MAX_EVENTS];
        ev_head++;
        got = 1;
    }
    pthread_mutex_unlock(&ev_mu);
    return got;
}

/* Frees the handles SnmpRecvMsg created (NULL ones are skipped). */
static void free_received(HSNMP_ENTITY src, HSNMP_ENTITY dst, HSNMP_CONTEXT ctx, HSNMP_PDU pdu)
{
    if (src != NULL)
        CHECK(SnmpFreeEntity(src) == SNMPAPI_SUCCESS);
    if (dst != NULL)
        CHECK(SnmpFreeEntity(dst) == SNMPAPI_SUCCESS);
    if (ctx != NULL)
        CHECK(SnmpFreeContext(ctx) == SNMPAPI_SUCCESS);
    if (pdu != NULL)
        CHECK(SnmpFreePdu(pdu) == SNMPAPI_SUCCESS);
}

#endif
