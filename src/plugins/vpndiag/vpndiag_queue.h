/*
 * Copyright (C) 2026 The vpndiag authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.  See <http://www.fsf.org/copyleft/gpl.txt>.
 *
 * This program is distributed in the hope that it will be useful, but
 * WITHOUT ANY WARRANTY; without even the implied warranty of MERCHANTABILITY
 * or FITNESS FOR A PARTICULAR PURPOSE.  See the GNU General Public License
 * for more details.
 */

/**
 * @defgroup vpndiag_queue vpndiag_queue
 * @{ @ingroup vpndiag
 *
 * Bounded FIFO of events from the bus hooks to the worker.
 *
 * push() never blocks and never allocates: when the queue is full the
 * event is dropped and counted. Only the worker waits (in pop()).
 *
 * Events are recycled through a small free list (issue 22): get() hands a
 * bus hook a zeroed event from it (allocating only when it is empty; reset
 * as vpndiag_event_t describes, it reads as zeroed), the worker feeds it
 * back with recycle() after use, which releases what the event owns and
 * resets it on the worker's thread, not under charon's bus lock. The free list holds at most VPNDIAG_QUEUE_FREE_MAX events; more
 * are freed, so a flood does not keep a big preallocated ring.
 */

#ifndef VPNDIAG_QUEUE_H_
#define VPNDIAG_QUEUE_H_

#include "vpndiag_event.h"

#include <library.h>

typedef struct vpndiag_queue_t vpndiag_queue_t;

/** events kept on the free list at most (~3.5 KB each) */
#define VPNDIAG_QUEUE_FREE_MAX 64

/**
 * Bounded event queue.
 */
struct vpndiag_queue_t {

	/**
	 * A zeroed event for push(), from the free list or newly allocated.
	 *
	 * @return			event, owned by the caller until push()ed
	 */
	vpndiag_event_t *(*get)(vpndiag_queue_t *this);

	/**
	 * Hand an event back after use: releases what it owns, zeroes it and
	 * keeps it for get() (or frees it if the free list is full).
	 *
	 * @param event		event (allocated with malloc()), NULL ignored
	 */
	void (*recycle)(vpndiag_queue_t *this, vpndiag_event_t *event);

	/**
	 * Enqueue an event without blocking.
	 *
	 * @param event		event, owned by the queue (destroyed if dropped)
	 * @return			FALSE if the queue was full or closed (dropped)
	 */
	bool (*push)(vpndiag_queue_t *this, vpndiag_event_t *event);

	/**
	 * Dequeue the oldest event, waiting up to timeout_ms for one.
	 *
	 * @return			event (caller owns it), NULL on timeout or close
	 */
	vpndiag_event_t *(*pop)(vpndiag_queue_t *this, u_int timeout_ms);

	/**
	 * Number of events dropped because the queue was full.
	 */
	uint64_t (*get_dropped)(vpndiag_queue_t *this);

	/**
	 * Number of events currently queued.
	 */
	u_int (*get_count)(vpndiag_queue_t *this);

	/**
	 * Whether the queue is closed and empty.
	 */
	bool (*is_drained)(vpndiag_queue_t *this);

	/**
	 * Close the queue: push() drops, pop() returns NULL once empty.
	 */
	void (*close)(vpndiag_queue_t *this);

	/**
	 * Destroy the queue and the events still in it.
	 */
	void (*destroy)(vpndiag_queue_t *this);
};

/**
 * Create a queue holding at most size events (at least 1).
 */
vpndiag_queue_t *vpndiag_queue_create(u_int size);

#endif /** VPNDIAG_QUEUE_H_ @}*/
