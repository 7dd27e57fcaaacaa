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

#include "vpndiag_replace.h"

typedef struct private_vpndiag_replace_t private_vpndiag_replace_t;

/** parked downs kept; when full, the oldest expires early */
#define MAX_PARKED 64
/** recent ups kept */
#define MAX_UPS 32
/** CHILD_SAs being closed by vici, and how long they are remembered (ms) */
#define MAX_CLOSING 16
#define CLOSING_TTL (10 * 1000)
/** identities counted for shared use */
#define MAX_COUNTED 64

/**
 * A parked down.
 */
typedef struct {
	vpndiag_sa_t sa;
	uint64_t time;
	void *data;
	size_t len;
} parked_t;

/**
 * An IKE_SA that came up.
 */
typedef struct {
	vpndiag_sa_t sa;
	uint64_t time;
} seen_t;

/**
 * Replacements of an identity from another address.
 */
typedef struct {
	char conn[VPNDIAG_NAME_LEN];
	char id[VPNDIAG_ID_LEN];
	uint64_t first;
	u_int count;
} counted_t;

/**
 * Private data.
 */
struct private_vpndiag_replace_t {
	vpndiag_replace_t public;
	/** parked downs, oldest first */
	parked_t parked[MAX_PARKED];
	int nparked;
	/** rings */
	seen_t ups[MAX_UPS];
	u_int up_pos;
	struct {
		uint32_t id;
		uint64_t time;
	} closing[MAX_CLOSING];
	u_int closing_pos;
	counted_t counted[MAX_COUNTED];
	u_int counted_pos;
	/** settings (ms, count) */
	uint64_t wait;
	u_int threshold;
	uint64_t window;
};

/*
 * Described in header
 */
bool vpndiag_same_identity(vpndiag_sa_t *a, vpndiag_sa_t *b)
{
	return *a->conn && *a->local_id && *a->remote_id &&
		   streq(a->conn, b->conn) && streq(a->local_id, b->local_id) &&
		   streq(a->remote_id, b->remote_id);
}

/**
 * Length of the address part of addr[port]
 */
static size_t addr_len(const char *s)
{
	const char *p = strchr(s, '[');

	return p ? (size_t)(p - s) : strlen(s);
}

/*
 * Described in header
 */
bool vpndiag_same_address(const char *a, const char *b)
{
	size_t la, lb;

	if (!a || !b || !*a || !*b)
	{
		return FALSE;
	}
	la = addr_len(a);
	lb = addr_len(b);
	return la == lb && strneq(a, b, la);
}

/**
 * Copy an IKE_SA context without its raw facts, the last 768 bytes that only
 * vpndiag_event_format() reads from an event (vpndiag_event.h; asserted in
 * vpndiag_classifier.c); a dst's raw facts are left as they were
 */
static inline void copy_sa(vpndiag_sa_t *dst, vpndiag_sa_t *src)
{
	memcpy(dst, src, offsetof(vpndiag_sa_t, local_addr));
}

/**
 * Remove a parked down at an index
 */
static void unpark(private_vpndiag_replace_t *this, int i, vpndiag_sa_t *sa,
				   uint64_t *time, void *data, size_t len)
{
	parked_t *p = &this->parked[i];

	if (sa)
	{
		copy_sa(sa, &p->sa);
	}
	if (time)
	{
		*time = p->time;
	}
	if (data)
	{
		memcpy(data, p->data, min(len, p->len));
	}
	free(p->data);
	memmove(p, p + 1, (this->nparked - i - 1) * sizeof(*p));
	this->nparked--;
}

METHOD(vpndiag_replace_t, park, bool,
	private_vpndiag_replace_t *this, vpndiag_sa_t *sa, uint64_t time,
	void *data, size_t len)
{
	parked_t *p;

	if (this->nparked == MAX_PARKED)
	{
		return FALSE;
	}
	p = &this->parked[this->nparked++];
	copy_sa(&p->sa, sa);
	p->time = time;
	p->data = malloc(len);
	memcpy(p->data, data, len);
	p->len = len;
	return TRUE;
}

METHOD(vpndiag_replace_t, take, bool,
	private_vpndiag_replace_t *this, vpndiag_sa_t *sa, vpndiag_sa_t *old,
	void *data, size_t len)
{
	int i;

	for (i = 0; i < this->nparked; i++)
	{
		if (this->parked[i].sa.unique_id != sa->unique_id &&
			vpndiag_same_identity(&this->parked[i].sa, sa))
		{
			unpark(this, i, old, NULL, data, len);
			return TRUE;
		}
	}
	return FALSE;
}

METHOD(vpndiag_replace_t, drop_failed, void,
	private_vpndiag_replace_t *this, const char *remote, const char *conn)
{
	int i;

	for (i = this->nparked - 1; i >= 0; i--)
	{
		if (vpndiag_same_address(this->parked[i].sa.remote, remote) &&
			(!conn || !*conn || streq(conn, this->parked[i].sa.conn)))
		{
			unpark(this, i, NULL, NULL, NULL, 0);
		}
	}
}

METHOD(vpndiag_replace_t, get_parked, u_int,
	private_vpndiag_replace_t *this)
{
	return this->nparked;
}

METHOD(vpndiag_replace_t, expire, bool,
	private_vpndiag_replace_t *this, uint64_t now, vpndiag_sa_t *old,
	uint64_t *time, void *data, size_t len)
{
	if (this->nparked &&
		(now == UINT64_MAX || this->parked[0].time + this->wait <= now))
	{
		unpark(this, 0, old, time, data, len);
		return TRUE;
	}
	return FALSE;
}

METHOD(vpndiag_replace_t, up, void,
	private_vpndiag_replace_t *this, vpndiag_sa_t *sa, uint64_t time)
{
	copy_sa(&this->ups[this->up_pos].sa, sa);
	this->ups[this->up_pos].time = time;
	this->up_pos = (this->up_pos + 1) % MAX_UPS;
}

METHOD(vpndiag_replace_t, recent_up, uint32_t,
	private_vpndiag_replace_t *this, vpndiag_sa_t *sa, uint64_t now)
{
	int i;

	for (i = 0; i < MAX_UPS; i++)
	{
		/* charon's unique ids grow: a replacement is newer */
		if (this->ups[i].time && this->ups[i].time + this->wait >= now &&
			this->ups[i].sa.unique_id > sa->unique_id &&
			vpndiag_same_identity(&this->ups[i].sa, sa))
		{
			return this->ups[i].sa.unique_id;
		}
	}
	return 0;
}

METHOD(vpndiag_replace_t, closing, void,
	private_vpndiag_replace_t *this, uint32_t child_id, uint64_t time)
{
	this->closing[this->closing_pos].id = child_id;
	this->closing[this->closing_pos].time = time;
	this->closing_pos = (this->closing_pos + 1) % MAX_CLOSING;
}

METHOD(vpndiag_replace_t, take_closing, bool,
	private_vpndiag_replace_t *this, uint32_t child_id, uint64_t now)
{
	int i;

	for (i = 0; child_id && i < MAX_CLOSING; i++)
	{
		if (this->closing[i].id == child_id &&
			this->closing[i].time + CLOSING_TTL >= now)
		{
			this->closing[i].id = 0;
			return TRUE;
		}
	}
	return FALSE;
}

METHOD(vpndiag_replace_t, count, u_int,
	private_vpndiag_replace_t *this, vpndiag_sa_t *old,
	const char *new_remote, uint64_t now)
{
	counted_t *c = NULL;
	u_int n;
	int i;

	if (!this->threshold || !*old->remote_id ||
		vpndiag_same_address(old->remote, new_remote))
	{
		return 0;
	}
	for (i = 0; i < MAX_COUNTED; i++)
	{
		if (this->counted[i].count && streq(this->counted[i].conn, old->conn) &&
			streq(this->counted[i].id, old->remote_id))
		{
			c = &this->counted[i];
			break;
		}
	}
	if (c && c->first + this->window < now)
	{
		c->count = 0;
	}
	if (!c || !c->count)
	{
		if (!c)
		{
			c = &this->counted[this->counted_pos];
			this->counted_pos = (this->counted_pos + 1) % MAX_COUNTED;
		}
		snprintf(c->conn, sizeof(c->conn), "%s", old->conn);
		snprintf(c->id, sizeof(c->id), "%s", old->remote_id);
		c->first = now;
		c->count = 0;
	}
	if (++c->count < this->threshold)
	{
		return 0;
	}
	n = c->count;
	c->count = 0;
	return n;
}

METHOD(vpndiag_replace_t, get_window, u_int,
	private_vpndiag_replace_t *this)
{
	return this->window / 1000;
}

METHOD(vpndiag_replace_t, destroy, void,
	private_vpndiag_replace_t *this)
{
	while (this->nparked)
	{
		unpark(this, 0, NULL, NULL, NULL, 0);
	}
	free(this);
}

/*
 * Described in header
 */
vpndiag_replace_t *vpndiag_replace_create()
{
	private_vpndiag_replace_t *this;

	INIT(this,
		.public = {
			.park = _park,
			.take = _take,
			.drop_failed = _drop_failed,
			.get_parked = _get_parked,
			.expire = _expire,
			.up = _up,
			.recent_up = _recent_up,
			.closing = _closing,
			.take_closing = _take_closing,
			.count = _count,
			.get_window = _get_window,
			.destroy = _destroy,
		},
		.wait = 1000ULL * lib->settings->get_time(lib->settings,
					"%s.plugins.vpndiag.replace_wait", VPNDIAG_REPLACE_WAIT,
					lib->ns),
		.threshold = lib->settings->get_int(lib->settings,
					"%s.plugins.vpndiag.shared_identity.threshold",
					VPNDIAG_SHARED_ID_THRESHOLD, lib->ns),
		.window = 1000ULL * lib->settings->get_time(lib->settings,
					"%s.plugins.vpndiag.shared_identity.window",
					VPNDIAG_SHARED_ID_WINDOW, lib->ns),
	);
	return &this->public;
}
