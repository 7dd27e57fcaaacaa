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

#include "vpndiag_sampler.h"

#include <daemon.h>
#include <processing/jobs/callback_job.h>
#include <threading/mutex.h>

#include <time.h>

/** defaults */
#define DEFAULT_INTERVAL 10
#define DEFAULT_WINDOW 60
#define DEFAULT_BATCH 256

typedef struct private_vpndiag_sampler_t private_vpndiag_sampler_t;
typedef struct handle_t handle_t;

/**
 * What a scheduled job holds: the sampler, or NULL once it is destroyed.
 * Jobs may outlive the sampler (the scheduler destroys pending jobs late).
 */
struct handle_t {
	/** references: the sampler and each scheduled job */
	refcount_t refs;
	/** held while a job runs and while the sampler goes away */
	mutex_t *mutex;
	/** the sampler, NULL once destroyed */
	private_vpndiag_sampler_t *sampler;
};

/**
 * Private data.
 */
struct private_vpndiag_sampler_t {
	vpndiag_sampler_t public;
	/** the tracker */
	vpndiag_traffic_t *traffic;
	/** the worker's queue */
	vpndiag_queue_t *queue;
	/** shared with the jobs */
	handle_t *handle;
	/** settings */
	uint64_t interval_ms;
	u_int batch;
	/** a job is scheduled (or running) */
	bool scheduled;
	/** IKE_SAs of the current sweep already done */
	u_int cursor;
	/** CHILD_SAs already done of the IKE_SA at the cursor */
	u_int child_cursor;
	/** start of the current sweep (monotonic ms) */
	uint64_t sweep_start;
};

/**
 * Monotonic clock in ms (charon's time_monotonic() base)
 */
static uint64_t mono_ms()
{
	timeval_t tv;

	time_monotonic(&tv);
	return (uint64_t)tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

/**
 * A monotonic time of charon (seconds, 0 unknown) as wall clock ms
 */
static uint64_t to_wall(time_t mono, uint64_t now_wall, uint64_t now_mono)
{
	uint64_t t = (uint64_t)mono * 1000;

	if (!mono || t > now_mono || now_mono - t > now_wall)
	{
		return mono ? now_wall : 0;
	}
	return now_wall - (now_mono - t);
}

CALLBACK(handle_unref, void,
	handle_t *h)
{
	if (ref_put(&h->refs))
	{
		h->mutex->destroy(h->mutex);
		free(h);
	}
}

static job_requeue_t sample_job(handle_t *h);

/**
 * Schedule the next run in ms (the caller holds the handle's mutex or is
 * the only user)
 */
static void schedule(private_vpndiag_sampler_t *this, uint64_t ms)
{
	handle_t *h = this->handle;

	ref_get(&h->refs);
	this->scheduled = TRUE;
	lib->scheduler->schedule_job_ms(lib->scheduler,
			(job_t*)callback_job_create_with_prio(
						(callback_job_cb_t)sample_job, h, handle_unref, NULL,
						JOB_PRIO_LOW), ms);
}

/**
 * Copy a CHILD_SA's selectors of one side (printed later, see first_sample())
 */
static linked_list_t *clone_ts(child_sa_t *child_sa, bool local)
{
	enumerator_t *enumerator;
	traffic_selector_t *ts;
	linked_list_t *list = linked_list_create();

	enumerator = child_sa->create_ts_enumerator(child_sa, local);
	while (enumerator->enumerate(enumerator, &ts))
	{
		list->insert_last(list, ts->clone(ts));
	}
	enumerator->destroy(enumerator);
	return list;
}

/**
 * Print selectors space separated (as "%#R")
 */
static void print_ts(char *buf, size_t len, linked_list_t *list)
{
	enumerator_t *enumerator;
	traffic_selector_t *ts;
	size_t pos = 0;
	int written;

	buf[0] = '\0';
	enumerator = list->create_enumerator(list);
	while (pos < len && enumerator->enumerate(enumerator, &ts))
	{
		written = snprintf(buf + pos, len - pos, "%s%R", pos ? " " : "", ts);
		if (written < 0)
		{
			break;
		}
		pos += written;
	}
	enumerator->destroy(enumerator);
}

/**
 * The first sample of a CHILD_SA, completed once the IKE_SA manager's
 * segment lock is released: printing selectors with ports looks up
 * /etc/services and /etc/protocols (traffic_selector.c's printf hook)
 */
typedef struct {
	vpndiag_traffic_sample_t s;
	linked_list_t *ts_local, *ts_remote;
} first_sample_t;

/**
 * Print a first sample's selectors and take it
 */
static void first_sample(private_vpndiag_sampler_t *this, first_sample_t *f,
						 uint64_t now_wall)
{
	vpndiag_event_t *ev;

	print_ts(f->s.ts_local, sizeof(f->s.ts_local), f->ts_local);
	print_ts(f->s.ts_remote, sizeof(f->s.ts_remote), f->ts_remote);
	f->ts_local->destroy_offset(f->ts_local,
								offsetof(traffic_selector_t, destroy));
	f->ts_remote->destroy_offset(f->ts_remote,
								 offsetof(traffic_selector_t, destroy));
	ev = this->traffic->sample(this->traffic, &f->s, now_wall);
	if (ev)
	{
		this->queue->push(this->queue, ev);
	}
	free(f);
}

/**
 * Fill what is printed once per CHILD_SA: names, addresses, identities,
 * selectors
 */
static void describe(vpndiag_traffic_sample_t *s, ike_sa_t *ike_sa,
					 child_sa_t *child_sa)
{
	peer_cfg_t *peer_cfg = ike_sa->get_peer_cfg(ike_sa);

	if (peer_cfg)
	{
		snprintf(s->sa.conn, sizeof(s->sa.conn), "%s",
				 peer_cfg->get_name(peer_cfg));
		s->sa.has_peer_cfg = TRUE;
	}
	s->sa.has_ike_cfg = TRUE;
	s->sa.established = TRUE;
	s->sa.state = VPNDIAG_IKE_ESTABLISHED;
	s->sa.version = ike_sa->get_version(ike_sa);
	s->sa.initiator = ike_sa->has_condition(ike_sa, COND_ORIGINAL_INITIATOR);
	snprintf(s->sa.local, sizeof(s->sa.local), "%#H",
			 ike_sa->get_my_host(ike_sa));
	snprintf(s->sa.remote, sizeof(s->sa.remote), "%#H",
			 ike_sa->get_other_host(ike_sa));
	snprintf(s->sa.local_id, sizeof(s->sa.local_id), "%Y",
			 ike_sa->get_my_id(ike_sa));
	snprintf(s->sa.remote_id, sizeof(s->sa.remote_id), "%Y",
			 ike_sa->get_other_id(ike_sa));
	snprintf(s->child, sizeof(s->child), "%s", child_sa->get_name(child_sa));
}

/**
 * Sample one CHILD_SA; the IKE_SA is not checked out by anyone (the
 * enumerator holds its segment). The first sample of a CHILD_SA goes to
 * firsts, completed after the enumeration.
 */
static void sample_child(private_vpndiag_sampler_t *this, ike_sa_t *ike_sa,
						 child_sa_t *child_sa, uint64_t now_wall,
						 uint64_t now_mono, linked_list_t *firsts)
{
	vpndiag_traffic_sample_t known = {}, *s = &known;
	first_sample_t *first = NULL;
	vpndiag_event_t *ev;
	time_t in = 0, out = 0;

	if (!this->traffic->known(this->traffic,
							  child_sa->get_unique_id(child_sa)))
	{
		INIT(first,
			.ts_local = clone_ts(child_sa, TRUE),
			.ts_remote = clone_ts(child_sa, FALSE),
		);
		s = &first->s;
		describe(s, ike_sa, child_sa);
		s->installed_ms = to_wall(child_sa->get_installtime(child_sa),
								  now_wall, now_mono);
	}
	s->child_id = child_sa->get_unique_id(child_sa);
	s->sa.unique_id = ike_sa->get_unique_id(ike_sa);
	s->reqid = child_sa->get_reqid(child_sa);
	s->spi_in = ntohl(child_sa->get_spi(child_sa, TRUE));
	s->spi_out = ntohl(child_sa->get_spi(child_sa, FALSE));
	child_sa->get_usestats(child_sa, TRUE, &in, &s->bytes_in,
						   &s->packets_in);
	child_sa->get_usestats(child_sa, FALSE, &out, &s->bytes_out,
						   &s->packets_out);
	s->use_in_ms = to_wall(in, now_wall, now_mono);
	s->use_out_ms = to_wall(out, now_wall, now_mono);
	if (first)
	{
		firsts->insert_last(firsts, first);
		return;
	}
	ev = this->traffic->sample(this->traffic, s, now_wall);
	if (ev)
	{	/* dropped and counted by the queue if full */
		this->queue->push(this->queue, ev);
	}
}

/**
 * Sample up to a batch of CHILD_SAs from the cursor on
 * @return			TRUE if the sweep is complete
 */
static bool sample_batch(private_vpndiag_sampler_t *this)
{
	enumerator_t *enumerator, *children;
	child_sa_t *child_sa;
	ike_sa_t *ike_sa;
	uint64_t now_wall = vpndiag_time_ms(), now_mono = mono_ms();
	u_int pos = 0, done = 0, index, skip;
	linked_list_t *firsts = linked_list_create();
	first_sample_t *first;
	bool complete = TRUE;

	enumerator = charon->ike_sa_manager->create_enumerator(
										charon->ike_sa_manager, FALSE);
	while (complete && enumerator->enumerate(enumerator, &ike_sa))
	{
		if (pos++ < this->cursor)
		{
			continue;
		}
		/* the IKE_SA the last batch stopped in: its first CHILD_SAs are done */
		skip = pos - 1 == this->cursor ? this->child_cursor : 0;
		index = 0;
		children = ike_sa->create_child_sa_enumerator(ike_sa);
		while (children->enumerate(children, &child_sa))
		{
			if (index++ < skip)
			{
				continue;
			}
			if (done >= this->batch)
			{	/* continue here in the next job */
				this->cursor = pos - 1;
				this->child_cursor = index - 1;
				complete = FALSE;
				break;
			}
			switch (child_sa->get_state(child_sa))
			{
				case CHILD_INSTALLED:
				case CHILD_UPDATING:
				case CHILD_REKEYING:
					sample_child(this, ike_sa, child_sa, now_wall, now_mono,
								 firsts);
					done++;
					break;
				default:
					break;
			}
		}
		children->destroy(children);
	}
	enumerator->destroy(enumerator);
	/* the segment locks are released */
	while (firsts->remove_first(firsts, (void**)&first) == SUCCESS)
	{
		first_sample(this, first, now_wall);
	}
	firsts->destroy(firsts);
	return complete;
}

/**
 * A job: one batch, then the next batch or the next sweep
 */
static job_requeue_t sample_job(handle_t *h)
{
	private_vpndiag_sampler_t *this;
	uint64_t elapsed;

	h->mutex->lock(h->mutex);
	this = h->sampler;
	if (this)
	{
		this->scheduled = FALSE;
		if (this->interval_ms)
		{
			if (!this->cursor && !this->child_cursor)
			{	/* a new sweep */
				this->sweep_start = mono_ms();
			}
			if (sample_batch(this))
			{
				this->cursor = this->child_cursor = 0;
				this->traffic->end_sweep(this->traffic);
				elapsed = mono_ms() - this->sweep_start;
				schedule(this, elapsed < this->interval_ms ?
								this->interval_ms - elapsed : 0);
			}
			else
			{
				schedule(this, 0);
			}
		}
		else
		{
			this->cursor = this->child_cursor = 0;
			this->traffic->flush(this->traffic);
		}
	}
	h->mutex->unlock(h->mutex);
	return JOB_REQUEUE_NONE;
}

/**
 * Read the settings (the caller holds the handle's mutex)
 */
static void load_settings(private_vpndiag_sampler_t *this)
{
	this->interval_ms = (uint64_t)1000 * lib->settings->get_time(
						lib->settings, "%s.plugins.vpndiag.traffic.interval",
						DEFAULT_INTERVAL, lib->ns);
	this->traffic->set_window(this->traffic, (uint64_t)1000 *
						lib->settings->get_time(lib->settings,
						"%s.plugins.vpndiag.traffic.window",
						DEFAULT_WINDOW, lib->ns));
	this->batch = max(1, lib->settings->get_int(lib->settings,
						"%s.plugins.vpndiag.traffic.batch",
						DEFAULT_BATCH, lib->ns));
}

METHOD(vpndiag_sampler_t, get_traffic, vpndiag_traffic_t*,
	private_vpndiag_sampler_t *this)
{
	return this->traffic;
}

METHOD(vpndiag_sampler_t, get_interval, uint64_t,
	private_vpndiag_sampler_t *this)
{
	return this->interval_ms;
}

METHOD(vpndiag_sampler_t, reload, void,
	private_vpndiag_sampler_t *this)
{
	this->handle->mutex->lock(this->handle->mutex);
	load_settings(this);
	if (this->interval_ms && !this->scheduled)
	{
		schedule(this, 0);
	}
	this->handle->mutex->unlock(this->handle->mutex);
}

METHOD(vpndiag_sampler_t, destroy, void,
	private_vpndiag_sampler_t *this)
{
	handle_t *h = this->handle;

	/* waits for a running job; later jobs find no sampler */
	h->mutex->lock(h->mutex);
	h->sampler = NULL;
	h->mutex->unlock(h->mutex);
	handle_unref(h);
	this->traffic->destroy(this->traffic);
	free(this);
}

/*
 * Described in header
 */
vpndiag_sampler_t *vpndiag_sampler_create(vpndiag_queue_t *queue)
{
	private_vpndiag_sampler_t *this;

	INIT(this,
		.public = {
			.get_traffic = _get_traffic,
			.get_interval = _get_interval,
			.reload = _reload,
			.destroy = _destroy,
		},
		.traffic = vpndiag_traffic_create(DEFAULT_WINDOW * 1000),
		.queue = queue,
	);
	INIT(this->handle,
		.refs = 1,
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
		.sampler = this,
	);
	reload(this);
	return &this->public;
}
