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

#include "vpndiag_worker.h"
#include "vpndiag_event_format.h"
#include "vpndiag_state_file.h"
#include "vpndiag_classifier.h"
#include "vpndiag_config.h"
#include "vpndiag_ike_ports.h"
#include "vpndiag_sa_raw.h"

#include <daemon.h>
#include <threading/thread.h>
#include <threading/mutex.h>

#include <time.h>
#include <unistd.h>

typedef struct private_vpndiag_worker_t private_vpndiag_worker_t;

/** default state file */
#define DEFAULT_STATE_FILE "/var/lib/strongswan/vpndiag.state"

/** default queue size (events) */
#define DEFAULT_QUEUE_SIZE 1024

/**
 * Private data.
 */
struct private_vpndiag_worker_t {
	vpndiag_worker_t public;
	vpndiag_queue_t *queue;
	vpndiag_store_t *store;
	vpndiag_stats_t *stats;
	vpndiag_classifier_t *classifier;
	vpndiag_config_query_t *query;
	/** vpndiag_publisher_t* */
	linked_list_t *publishers;
	/** protects publishers */
	mutex_t *mutex;
	vpndiag_caps_t caps;
	/** state file, NULL if disabled */
	vpndiag_state_file_t *state;
	thread_t *thread;
	/** the IKE ports were checked (once, after charon started) */
	bool ports_checked;
	/** time of the last flush() of the classifier (ms) */
	uint64_t last_flush;
	/** parses the raw SA payloads of proposal alerts (cached) */
	vpndiag_sa_raw_t *sa_raw;
};

/*
 * Described in header
 */
void vpndiag_worker_load_caps(vpndiag_caps_t *caps)
{
	caps->max_records = lib->settings->get_int(lib->settings,
				"%s.plugins.vpndiag.history.max_records", 1000, lib->ns);
	caps->per_conn = lib->settings->get_int(lib->settings,
				"%s.plugins.vpndiag.history.per_conn", 50, lib->ns);
	caps->max_unattributed = lib->settings->get_int(lib->settings,
				"%s.plugins.vpndiag.history.max_unattributed", 200, lib->ns);
	caps->max_info = lib->settings->get_int(lib->settings,
				"%s.plugins.vpndiag.history.max_info", 200, lib->ns);
}

/**
 * Whether the state file still writes (a statistic)
 */
static void update_state_stat(private_vpndiag_worker_t *this)
{
	this->stats->set(this->stats, VPNDIAG_STAT_STATE_FILE_FAILED,
					 !this->state->is_writable(this->state));
}

/**
 * Store and publish records, hand them to the state file
 */
static void publish(private_vpndiag_worker_t *this, linked_list_t *records)
{
	vpndiag_publisher_t *pub;
	vpndiag_record_t *record, *stored;
	enumerator_t *enumerator;
	bool is_new;

	while (records->remove_first(records, (void**)&record) == SUCCESS)
	{
		stored = this->store->add(this->store, record, &is_new);
		if (!stored)
		{
			continue;
		}
		this->mutex->lock(this->mutex);
		enumerator = this->publishers->create_enumerator(this->publishers);
		while (enumerator->enumerate(enumerator, &pub))
		{
			pub->publish(pub, stored, is_new);
		}
		enumerator->destroy(enumerator);
		this->mutex->unlock(this->mutex);
		if (this->state)
		{	/* after add(): an update (is_new FALSE) waits for flush() */
			this->state->append(this->state, stored, is_new);
			update_state_stat(this);
		}
		else
		{
			vpndiag_record_destroy(stored);
		}
	}
}

/**
 * Classify one event, store and publish its records
 */
static void handle(private_vpndiag_worker_t *this, vpndiag_event_t *event,
				   linked_list_t *records)
{
	if (event->sa_raw && !event->proposals)
	{	/* the received proposals, copied raw by the hook */
		event->proposals = this->sa_raw->parse(this->sa_raw, event->sa_raw,
											   event->sa_raw_len);
	}
	vpndiag_event_format(event);
	this->classifier->process(this->classifier, event, records);
	publish(this, records);
}

/** the classifier's and the state file's flush() run at most this often
 * (ms) between events */
#define FLUSH_INTERVAL_MS 100

/**
 * Record what waited for time to pass (at most a second late), then append
 * the state file's pending updates (at most FLUSH_INTERVAL_MS late, see
 * run()); between events at most every FLUSH_INTERVAL_MS (issue 22: once
 * per event it cost ~1 000 instructions each, and the state file's updates
 * ~8 700 each)
 */
static void flush(private_vpndiag_worker_t *this, linked_list_t *records,
				  bool all)
{
	uint64_t now = UINT64_MAX;

	if (!all)
	{
		now = vpndiag_time_ms();
		if (now >= this->last_flush &&
			now - this->last_flush < FLUSH_INTERVAL_MS)
		{
			return;
		}
		this->last_flush = now;
	}
	this->classifier->flush(this->classifier, now, records);
	publish(this, records);
	if (this->state)
	{
		this->state->flush(this->state);
		update_state_stat(this);
	}
}

/**
 * How long the worker waits for an event (ms): a second, or while the
 * state file holds updates until the next flush() is due, so that an
 * update is not left unwritten longer than FLUSH_INTERVAL_MS when no more
 * events come (a crash loses only what is pending)
 */
static u_int pop_timeout(private_vpndiag_worker_t *this)
{
	uint64_t now;

	if (!this->state || !this->state->has_pending(this->state))
	{
		return 1000;
	}
	now = vpndiag_time_ms();
	if (now < this->last_flush ||
		now - this->last_flush >= FLUSH_INTERVAL_MS)
	{
		return 1;
	}
	return this->last_flush + FLUSH_INTERVAL_MS - now;
}

/**
 * Once charon has started (its processor has threads: every plugin is
 * loaded, socket-default has bound or failed to bind its sockets), look
 * whether another process holds an IKE port charon has no socket on
 * (vpndiag_ike_ports.h); each finding goes through the classifier as an
 * event. On the worker: reads /proc, never in a bus hook.
 */
static void check_ports(private_vpndiag_worker_t *this, linked_list_t *records)
{
	/* charon's defaults (CHARON_UDP_PORT, CHARON_NATT_PORT) */
	int ports[2] = { 500, 4500 }, i, fam;
	char holders[VPNDIAG_TEXT_LEN];
	vpndiag_event_t *ev;
	bool use[2];

	if (lib->processor->get_total_threads(lib->processor) == 0)
	{
		return;
	}
	this->ports_checked = TRUE;
	ports[0] = lib->settings->get_int(lib->settings, "%s.port", ports[0],
									  lib->ns);
	ports[1] = lib->settings->get_int(lib->settings, "%s.port_nat_t",
									  ports[1], lib->ns);
	use[0] = lib->settings->get_bool(lib->settings,
					"%s.plugins.socket-default.use_ipv4", TRUE, lib->ns);
	use[1] = lib->settings->get_bool(lib->settings,
					"%s.plugins.socket-default.use_ipv6", TRUE, lib->ns);
	for (fam = 0; fam < 2; fam++)
	{
		for (i = 0; i < 2 && use[fam]; i++)
		{	/* 0 or equal ports: charon takes a random one */
			if (ports[i] <= 0 || ports[i] > 65535 ||
				(i == 1 && ports[1] == ports[0]) ||
				!vpndiag_ike_port_conflict("/proc", getpid(), ports[i],
										   fam == 1, holders, sizeof(holders)))
			{
				continue;
			}
			ev = this->queue->get(this->queue);
			ev->type = VPNDIAG_EV_LOG;
			ev->logfact = VPNDIAG_LOG_IKE_PORT_IN_USE;
			ev->time_ms = vpndiag_time_ms();
			snprintf(ev->text, sizeof(ev->text), "%s", holders);
			snprintf(ev->text2, sizeof(ev->text2), "%s",
					 fam == 1 ? "IPv6" : "IPv4");
			ev->dst_port = ports[i];
			ev->arg = i;
			handle(this, ev, records);
			this->queue->recycle(this->queue, ev);
		}
	}
}

/**
 * Worker thread: runs until the queue is closed and drained
 */
static void *run(private_vpndiag_worker_t *this)
{
	vpndiag_event_t *event;
	linked_list_t *records;

	records = linked_list_create();
	while (TRUE)
	{
		event = this->queue->pop(this->queue, pop_timeout(this));
		if (event)
		{
			handle(this, event, records);
			this->queue->recycle(this->queue, event);
		}
		else if (this->queue->is_drained(this->queue))
		{
			flush(this, records, TRUE);
			break;
		}
		flush(this, records, FALSE);
		if (!this->ports_checked)
		{
			check_ports(this, records);
		}
	}
	records->destroy(records);
	return NULL;
}

METHOD(vpndiag_worker_t, get_queue, vpndiag_queue_t*,
	private_vpndiag_worker_t *this)
{
	return this->queue;
}

METHOD(vpndiag_worker_t, get_store, vpndiag_store_t*,
	private_vpndiag_worker_t *this)
{
	return this->store;
}

METHOD(vpndiag_worker_t, get_stats, vpndiag_stats_t*,
	private_vpndiag_worker_t *this)
{
	return this->stats;
}

METHOD(vpndiag_worker_t, add_publisher, void,
	private_vpndiag_worker_t *this, vpndiag_publisher_t *pub)
{
	this->mutex->lock(this->mutex);
	this->publishers->insert_last(this->publishers, pub);
	this->mutex->unlock(this->mutex);
}

METHOD(vpndiag_worker_t, remove_publisher, void,
	private_vpndiag_worker_t *this, vpndiag_publisher_t *pub)
{
	this->mutex->lock(this->mutex);
	this->publishers->remove(this->publishers, pub, NULL);
	this->mutex->unlock(this->mutex);
}

METHOD(vpndiag_worker_t, reload, void,
	private_vpndiag_worker_t *this)
{
	vpndiag_publisher_t *pub;
	enumerator_t *enumerator;
	vpndiag_caps_t caps;

	vpndiag_worker_load_caps(&caps);
	if (caps.max_records < this->caps.max_records ||
		caps.per_conn < this->caps.per_conn ||
		caps.max_unattributed < this->caps.max_unattributed ||
		caps.max_info < this->caps.max_info)
	{
		DBG1(DBG_CFG, "vpndiag: history caps only grow on reload, shrinking "
			 "them takes a restart");
	}
	this->caps.max_records = max(caps.max_records, this->caps.max_records);
	this->caps.per_conn = max(caps.per_conn, this->caps.per_conn);
	this->caps.max_unattributed = max(caps.max_unattributed,
									  this->caps.max_unattributed);
	this->caps.max_info = max(caps.max_info, this->caps.max_info);
	this->store->set_caps(this->store, &this->caps);

	this->mutex->lock(this->mutex);
	enumerator = this->publishers->create_enumerator(this->publishers);
	while (enumerator->enumerate(enumerator, &pub))
	{
		pub->reload(pub);
	}
	enumerator->destroy(enumerator);
	this->mutex->unlock(this->mutex);
}

/**
 * Destroy the pipeline (the thread is stopped or was never started)
 */
static void destroy_pipeline(private_vpndiag_worker_t *this)
{
	this->publishers->destroy_offset(this->publishers,
									 offsetof(vpndiag_publisher_t, destroy));
	DESTROY_IF(this->state);
	this->classifier->destroy(this->classifier);
	this->sa_raw->destroy(this->sa_raw);
	this->store->destroy(this->store);
	this->stats->destroy(this->stats);
	this->queue->destroy(this->queue);
	this->mutex->destroy(this->mutex);
	free(this->query);
	free(this);
}

METHOD(vpndiag_worker_t, destroy, void,
	private_vpndiag_worker_t *this)
{
	this->queue->close(this->queue);
	this->thread->join(this->thread);
	destroy_pipeline(this);
}

/*
 * Described in header
 */
vpndiag_worker_t *vpndiag_worker_create()
{
	private_vpndiag_worker_t *this;
	char *path;

	INIT(this,
		.public = {
			.get_queue = _get_queue,
			.get_store = _get_store,
			.get_stats = _get_stats,
			.add_publisher = _add_publisher,
			.remove_publisher = _remove_publisher,
			.reload = _reload,
			.destroy = _destroy,
		},
		.queue = vpndiag_queue_create(lib->settings->get_int(lib->settings,
					"%s.plugins.vpndiag.queue_size", DEFAULT_QUEUE_SIZE,
					lib->ns)),
		.query = vpndiag_config_create(),
		.publishers = linked_list_create(),
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
		.sa_raw = vpndiag_sa_raw_create(),
	);
	vpndiag_worker_load_caps(&this->caps);
	this->store = vpndiag_store_create(&this->caps);
	this->stats = vpndiag_stats_create(this->queue);
	path = lib->settings->get_str(lib->settings,
				"%s.plugins.vpndiag.state_file", DEFAULT_STATE_FILE, lib->ns);
	if (path && *path)
	{
		this->state = vpndiag_state_file_create(path, this->store,
							max(1000, this->caps.max_records +
								this->caps.max_unattributed + this->caps.max_info));
		this->stats->set(this->stats, VPNDIAG_STAT_STATE_FILE_FAILED,
						 !this->state);
	}
	this->classifier = vpndiag_classifier_create(this->query);
	this->thread = thread_create((thread_main_t)run, this);
	if (!this->thread)
	{
		destroy_pipeline(this);
		return NULL;
	}
	return &this->public;
}
