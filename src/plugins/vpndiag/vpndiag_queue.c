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

#include "vpndiag_queue.h"

#include <threading/mutex.h>
#include <threading/condvar.h>
#include <config/ike_cfg.h>

typedef struct private_vpndiag_queue_t private_vpndiag_queue_t;

/**
 * Private data.
 */
struct private_vpndiag_queue_t {
	vpndiag_queue_t public;
	/** ring buffer */
	vpndiag_event_t **ring;
	u_int size;
	u_int head;
	u_int count;
	uint64_t dropped;
	bool closed;
	/** free list: zeroed events for get(), a stack */
	vpndiag_event_t *free[VPNDIAG_QUEUE_FREE_MAX];
	/** number of events on the free list */
	u_int free_count;
	mutex_t *mutex;
	condvar_t *condvar;
};

/*
 * Described in vpndiag_event.h
 */
void vpndiag_event_release(vpndiag_event_t *event)
{
	ike_cfg_t *ike_cfg = event->ike_cfg;

	free(event->proposals);
	event->proposals = NULL;
	free(event->configured);
	event->configured = NULL;
	free(event->sa_raw);
	event->sa_raw = NULL;
	event->sa_raw_len = 0;
	if (ike_cfg)
	{
		ike_cfg->destroy(ike_cfg);
		event->ike_cfg = NULL;
	}
}

/*
 * Described in vpndiag_event.h
 */
void vpndiag_event_destroy(vpndiag_event_t *event)
{
	if (event)
	{
		vpndiag_event_release(event);
		free(event);
	}
}

/** offset of a member of an event, and of the byte after it */
#define OFF(m) offsetof(vpndiag_event_t, m)
#define END(m) (OFF(m) + sizeof(((vpndiag_event_t*)0)->m))

/** zero the bytes of an event from offset a up to b (constants: inlined) */
#define ZERO(ev, a, b) ({ \
	_Static_assert((a) <= (b), "members of vpndiag_event_t out of order"); \
	memset((char*)(ev) + (a), 0, (b) - (a)); })

/*
 * Described in vpndiag_event.h. Everything but the members that readers
 * bound by their own content is zeroed: strings (read up to their NUL,
 * written terminated: only the first byte is reset), the raw identities
 * (read up to local_id_len/remote_id_len, zeroed here), the raw addresses
 * (read by ss_family, which is zeroed with the longest sockaddr charon
 * copies) and the selectors of the ts lists (read up to their count, zeroed
 * here). Zeroing all 3.5 KB cost ~440 instructions per event (issue 22);
 * a member added between these is zeroed as a whole.
 */
void vpndiag_event_reset(vpndiag_event_t *ev)
{
	ZERO(ev, 0, OFF(sa.conn));
	ev->sa.conn[0] = '\0';
	ZERO(ev, END(sa.conn), OFF(sa.local));
	ev->sa.local[0] = '\0';
	ZERO(ev, END(sa.local), OFF(sa.remote));
	ev->sa.remote[0] = '\0';
	ZERO(ev, END(sa.remote), OFF(sa.local_id));
	ev->sa.local_id[0] = '\0';
	ZERO(ev, END(sa.local_id), OFF(sa.remote_id));
	ev->sa.remote_id[0] = '\0';
	ZERO(ev, END(sa.remote_id), OFF(sa.local_addr) +
		 sizeof(struct sockaddr_in6));
	ZERO(ev, END(sa.local_addr), OFF(sa.remote_addr) +
		 sizeof(struct sockaddr_in6));
	ZERO(ev, END(sa.remote_addr), OFF(sa.local_id_enc));
	ZERO(ev, END(sa.local_id_enc), OFF(sa.remote_id_enc));
	ZERO(ev, END(sa.remote_id_enc), OFF(child));
	ev->child[0] = '\0';
	ZERO(ev, END(child), OFF(text));
	ev->text[0] = '\0';
	ZERO(ev, END(text), OFF(text2));
	ev->text2[0] = '\0';
	ZERO(ev, END(text2), OFF(ts[0].ts));
	ZERO(ev, END(ts[0].ts), OFF(ts[1].ts));
	ZERO(ev, END(ts[1].ts), sizeof(*ev));
}

METHOD(vpndiag_queue_t, get, vpndiag_event_t*,
	private_vpndiag_queue_t *this)
{
	vpndiag_event_t *event = NULL;

	this->mutex->lock(this->mutex);
	if (this->free_count)
	{
		event = this->free[--this->free_count];
	}
	this->mutex->unlock(this->mutex);
	return event ?: calloc(1, sizeof(*event));
}

METHOD(vpndiag_queue_t, recycle, void,
	private_vpndiag_queue_t *this, vpndiag_event_t *event)
{
	bool room;

	if (!event)
	{
		return;
	}
	vpndiag_event_release(event);
	this->mutex->lock(this->mutex);
	room = this->free_count < VPNDIAG_QUEUE_FREE_MAX;
	if (room)
	{	/* reset here, on the worker, so that get() under the bus lock does
		 * not; only what is kept: zeroing an event that is freed anyway would
		 * make all of its pages resident (a calloc() from fresh memory does
		 * not write them). Under the mutex since the reset is short (~70
		 * instructions, zeroing all of it was ~440 and took a second
		 * lock) */
		vpndiag_event_reset(event);
		this->free[this->free_count++] = event;
	}
	this->mutex->unlock(this->mutex);
	if (!room)
	{
		free(event);
	}
}

METHOD(vpndiag_queue_t, push, bool,
	private_vpndiag_queue_t *this, vpndiag_event_t *event)
{
	bool queued = FALSE;

	this->mutex->lock(this->mutex);
	if (!this->closed && this->count < this->size)
	{
		this->ring[(this->head + this->count) % this->size] = event;
		this->count++;
		queued = TRUE;
		this->condvar->signal(this->condvar);
	}
	else
	{
		this->dropped++;
	}
	this->mutex->unlock(this->mutex);
	if (!queued)
	{
		vpndiag_event_destroy(event);
	}
	return queued;
}

METHOD(vpndiag_queue_t, pop, vpndiag_event_t*,
	private_vpndiag_queue_t *this, u_int timeout_ms)
{
	vpndiag_event_t *event = NULL;

	this->mutex->lock(this->mutex);
	if (!this->count && !this->closed)
	{
		this->condvar->timed_wait(this->condvar, this->mutex, timeout_ms);
	}
	if (this->count)
	{
		event = this->ring[this->head];
		this->head = (this->head + 1) % this->size;
		this->count--;
	}
	this->mutex->unlock(this->mutex);
	return event;
}

METHOD(vpndiag_queue_t, get_dropped, uint64_t,
	private_vpndiag_queue_t *this)
{
	uint64_t dropped;

	this->mutex->lock(this->mutex);
	dropped = this->dropped;
	this->mutex->unlock(this->mutex);
	return dropped;
}

METHOD(vpndiag_queue_t, get_count, u_int,
	private_vpndiag_queue_t *this)
{
	u_int count;

	this->mutex->lock(this->mutex);
	count = this->count;
	this->mutex->unlock(this->mutex);
	return count;
}

METHOD(vpndiag_queue_t, is_drained, bool,
	private_vpndiag_queue_t *this)
{
	bool drained;

	this->mutex->lock(this->mutex);
	drained = this->closed && !this->count;
	this->mutex->unlock(this->mutex);
	return drained;
}

METHOD(vpndiag_queue_t, close_, void,
	private_vpndiag_queue_t *this)
{
	this->mutex->lock(this->mutex);
	this->closed = TRUE;
	this->condvar->broadcast(this->condvar);
	this->mutex->unlock(this->mutex);
}

METHOD(vpndiag_queue_t, destroy, void,
	private_vpndiag_queue_t *this)
{
	while (this->count)
	{
		vpndiag_event_destroy(this->ring[this->head]);
		this->head = (this->head + 1) % this->size;
		this->count--;
	}
	while (this->free_count)
	{
		free(this->free[--this->free_count]);
	}
	this->condvar->destroy(this->condvar);
	this->mutex->destroy(this->mutex);
	free(this->ring);
	free(this);
}

/*
 * Described in header
 */
vpndiag_queue_t *vpndiag_queue_create(u_int size)
{
	private_vpndiag_queue_t *this;

	size = max(size, 1);
	INIT(this,
		.public = {
			.get = _get,
			.recycle = _recycle,
			.push = _push,
			.pop = _pop,
			.get_dropped = _get_dropped,
			.get_count = _get_count,
			.is_drained = _is_drained,
			.close = _close_,
			.destroy = _destroy,
		},
		.ring = calloc(size, sizeof(vpndiag_event_t*)),
		.size = size,
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
		.condvar = condvar_create(CONDVAR_TYPE_DEFAULT),
	);
	return &this->public;
}
