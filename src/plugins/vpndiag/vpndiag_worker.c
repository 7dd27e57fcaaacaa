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
#include "vpndiag_flood.h"

#include <daemon.h>
#include <collections/hashtable.h>
#include <threading/thread.h>
#include <threading/mutex.h>

#include <time.h>
#include <unistd.h>

typedef struct private_vpndiag_worker_t private_vpndiag_worker_t;

/** the exact-peer-address set is rebuilt at most this often (ms) */
#define EXACT_REFRESH_MS 1000

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
	/** when the state file's pending updates were appended last (ms) */
	uint64_t last_state_flush;
	/** parses the raw SA payloads of proposal alerts (cached) */
	vpndiag_sa_raw_t *sa_raw;
	/** aggregation of unattributed failures under a flood */
	vpndiag_flood_t *flood;
	/** the state file's snapshots and the store's resets seen so far */
	u_int snapshots;
	uint64_t resets;
	/** the last failure aggregated by classifying it (cheap path) */
	vpndiag_failure_t failure;
	/** a record was aggregated by the last publish() */
	bool aggregated;
	/** addresses a loaded connection names as its remote address
	 *  (uint8_t[17]: family, address), for the cheap path */
	hashtable_t *exact;
	/** a connection names its remote by DNS name: exact is unusable */
	bool exact_unknown;
	/** when exact was built (ms), 0 never */
	uint64_t exact_built;
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
 * The flood threshold (unattributed failures per second, 0 = never
 * aggregate), vpndiag_flood.h
 */
static u_int load_flood_threshold()
{
	int threshold;

	threshold = lib->settings->get_int(lib->settings,
				"%s.plugins.vpndiag.history.flood_threshold",
				VPNDIAG_FLOOD_THRESHOLD, lib->ns);
	return max(threshold, 0);
}

/**
 * Hand a stored record to the publishers
 */
static void notify(private_vpndiag_worker_t *this, vpndiag_record_t *stored,
				   bool is_new)
{
	vpndiag_publisher_t *pub;
	enumerator_t *enumerator;

	this->mutex->lock(this->mutex);
	enumerator = this->publishers->create_enumerator(this->publishers);
	while (enumerator->enumerate(enumerator, &pub))
	{
		pub->publish(pub, stored, is_new);
	}
	enumerator->destroy(enumerator);
	this->mutex->unlock(this->mutex);
}

/**
 * After a write to the state file: a snapshot holds every occurrence of
 * the aggregated records so far
 */
static void check_snapshots(private_vpndiag_worker_t *this)
{
	u_int snapshots;

	update_state_stat(this);
	snapshots = this->state->get_snapshots(this->state);
	if (snapshots != this->snapshots)
	{
		this->snapshots = snapshots;
		this->flood->snapshot_taken(this->flood);
	}
}

/**
 * Publish the aggregated records whose update is due (all: every one with
 * unpublished occurrences): one state-file segment, one log line, syslog
 * datagram and VICI event per aggregate and VPNDIAG_FLOOD_PUBLISH_MS
 */
static void publish_due(private_vpndiag_worker_t *this, uint64_t now,
						bool all)
{
	vpndiag_record_t *fields, *stored;
	uint32_t occurrences;

	while (this->flood->next_due(this->flood, now, all, &fields,
								 &occurrences))
	{
		stored = this->store->refresh(this->store, fields);
		if (!stored)
		{	/* evicted or reset: the next failure starts a new one */
			this->flood->forget(this->flood, fields);
			continue;
		}
		if (this->state)
		{
			this->state->append_aggregate(this->state, stored, occurrences);
			check_snapshots(this);
		}
		notify(this, stored, FALSE);
		vpndiag_record_destroy(stored);
	}
}

/**
 * Whether a record is an unattributed failure (counted by the flood
 * detector)
 */
static bool unattributed(vpndiag_record_t *record)
{
	return !record->conn && record->severity != VPNDIAG_SEV_INFO &&
		   record->code > VPNDIAG_CODE_NONE && record->code < VPNDIAG_CODE_MAX;
}

/**
 * In flood mode: fold an unattributed failure into its aggregated record
 * (vpndiag_flood.h); a new one is published at once, updates at most every
 * VPNDIAG_FLOOD_PUBLISH_MS. The store counts it at once.
 *
 * @return			FALSE if it is not aggregated (record not consumed)
 */
static bool aggregate(private_vpndiag_worker_t *this, vpndiag_record_t *record)
{
	vpndiag_record_t *stored;
	uint64_t resets, now;
	bool is_new;

	resets = this->store->get_resets(this->store);
	if (resets != this->resets)
	{	/* a VICI client reset the history: sources start again */
		this->resets = resets;
		this->flood->forget(this->flood, NULL);
	}
	if (!this->flood->aggregate(this->flood, record))
	{
		return FALSE;
	}
	this->aggregated = TRUE;
	stored = this->store->add(this->store, record, &is_new);
	if (!stored)
	{
		return TRUE;
	}
	this->flood->pending(this->flood, stored);
	now = vpndiag_time_ms();
	if (is_new)
	{
		if (this->state)
		{
			this->state->append_aggregate(this->state, stored,
							this->flood->take(this->flood, stored, now));
			check_snapshots(this);
		}
		else
		{
			this->flood->take(this->flood, stored, now);
		}
		notify(this, stored, TRUE);
	}
	else
	{
		publish_due(this, now, FALSE);
	}
	vpndiag_record_destroy(stored);
	return TRUE;
}

/**
 * Store and publish records, hand them to the state file
 */
static void publish(private_vpndiag_worker_t *this, linked_list_t *records)
{
	vpndiag_record_t *record, *stored;
	bool is_new;

	while (records->remove_first(records, (void**)&record) == SUCCESS)
	{
		if (unattributed(record) &&
			this->flood->count(this->flood, record->last) &&
			aggregate(this, record))
		{
			continue;
		}
		stored = this->store->add(this->store, record, &is_new);
		if (!stored)
		{
			continue;
		}
		notify(this, stored, is_new);
		if (this->state)
		{	/* after add(): an update (is_new FALSE) waits for flush() */
			this->state->append(this->state, stored, is_new);
			check_snapshots(this);
		}
		else
		{
			vpndiag_record_destroy(stored);
		}
	}
}

/**
 * Key of the exact set: family and address (IPv4 in the first 4 bytes)
 */
static bool exact_key(host_t *host, uint8_t key[17])
{
	chunk_t addr = host->get_address(host);

	if (addr.len != 4 && addr.len != 16)
	{
		return FALSE;
	}
	memset(key, 0, 17);
	key[0] = addr.len;
	memcpy(key + 1, addr.ptr, addr.len);
	return TRUE;
}

static u_int exact_hash(const void *key)
{
	return chunk_hash(chunk_create((u_char*)key, 17));
}

static bool exact_equals(const void *a, const void *b)
{
	return memeq(a, b, 17);
}

/**
 * Add an address to the exact set
 */
static void exact_add(private_vpndiag_worker_t *this, host_t *host)
{
	uint8_t *key = malloc(17);

	if (!host->is_anyaddr(host) && exact_key(host, key) &&
		!this->exact->get(this->exact, key))
	{
		this->exact->put(this->exact, key, key);
		return;
	}
	free(key);
}

/**
 * The host of "addr/prefix" if the prefix is the address' full length
 */
static host_t *single_subnet(char *token, char *slash)
{
	host_t *host;
	char addr[64];
	int bits;

	if (slash - token >= (int)sizeof(addr))
	{
		return NULL;
	}
	memcpy(addr, token, slash - token);
	addr[slash - token] = '\0';
	bits = atoi(slash + 1);
	host = host_create_from_string(addr, 0);
	if (host && bits != (host->get_family(host) == AF_INET ? 32 : 128))
	{
		host->destroy(host);
		host = NULL;
	}
	return host;
}

/**
 * The host of "from-to" if both are the same address
 */
static host_t *single_range(char *token, char *dash)
{
	host_t *from, *to;
	char addr[64];

	if (dash - token >= (int)sizeof(addr))
	{
		return NULL;
	}
	memcpy(addr, token, dash - token);
	addr[dash - token] = '\0';
	from = host_create_from_string(addr, 0);
	to = host_create_from_string(dash + 1, 0);
	if (!from || !to || !from->ip_equals(from, to))
	{
		DESTROY_IF(from);
		from = NULL;
	}
	DESTROY_IF(to);
	return from;
}

/**
 * Build the set of addresses a loaded connection names as its remote
 * address: an address, or a subnet or range of this one address, i.e. what
 * vpndiag_addr_match_kind() calls VPNDIAG_ADDR_EXACT (config/ike_cfg.c:
 * parse_addresses() splits the same tokens into subnets, ranges and hosts;
 * a host that is not an address is a DNS name, resolved at each match:
 * then the set cannot be known)
 */
static void build_exact(private_vpndiag_worker_t *this, uint64_t now)
{
	enumerator_t *enumerator, *tokens;
	peer_cfg_t *peer_cfg;
	ike_cfg_t *ike_cfg;
	char *token, *addrs, *pos;
	uint8_t *key;
	host_t *host;

	enumerator = this->exact->create_enumerator(this->exact);
	while (enumerator->enumerate(enumerator, &key, NULL))
	{
		this->exact->remove_at(this->exact, enumerator);
		free(key);
	}
	enumerator->destroy(enumerator);
	this->exact_unknown = FALSE;
	this->exact_built = now;

	enumerator = charon->backends->create_peer_cfg_enumerator(charon->backends,
										NULL, NULL, NULL, NULL, IKE_ANY);
	while (!this->exact_unknown && enumerator->enumerate(enumerator, &peer_cfg))
	{
		ike_cfg = peer_cfg->get_ike_cfg(peer_cfg);
		addrs = ike_cfg->get_other_addr(ike_cfg);
		tokens = enumerator_create_token(addrs ?: "", ",", " ");
		while (tokens->enumerate(tokens, &token))
		{
			if ((pos = strchr(token, '/')))
			{
				host = single_subnet(token, pos);
			}
			else if ((pos = strchr(token, '-')))
			{
				host = single_range(token, pos);
			}
			else
			{
				host = host_create_from_string(token, 0);
				if (!host)
				{	/* a DNS name */
					this->exact_unknown = TRUE;
					break;
				}
			}
			if (host)
			{
				exact_add(this, host);
				host->destroy(host);
			}
		}
		tokens->destroy(tokens);
	}
	enumerator->destroy(enumerator);
}

/**
 * Whether no loaded connection names the address as its remote address
 * (then vpndiag_rule_attribute() cannot attribute a failure from it). The
 * set is rebuilt at most every EXACT_REFRESH_MS: a connection loaded since
 * may be missed for that long.
 */
static bool not_exact_peer(private_vpndiag_worker_t *this,
						   struct sockaddr_storage *ss)
{
	uint8_t key[17] = {};
	uint64_t now;

	now = vpndiag_time_ms();
	if (!this->exact_built || now < this->exact_built ||
		now - this->exact_built >= EXACT_REFRESH_MS)
	{
		build_exact(this, now);
	}
	if (this->exact_unknown)
	{
		return FALSE;
	}
	switch (ss->ss_family)
	{
		case AF_INET:
			key[0] = 4;
			memcpy(key + 1, &((struct sockaddr_in*)ss)->sin_addr, 4);
			break;
		case AF_INET6:
			key[0] = 16;
			memcpy(key + 1, &((struct sockaddr_in6*)ss)->sin6_addr, 16);
			break;
		default:
			return FALSE;
	}
	return !this->exact->get(this->exact, key);
}

/**
 * The cheap path under a flood: events of IKE_SAs whose failure was counted
 * without classifying it (classifier's quick()), and repeats of the
 * aggregated failure (same_failure()) from addresses no connection names,
 * counted without formatting, classifying or a new record
 *
 * @return			TRUE if the event was handled
 */
static bool cheap(private_vpndiag_worker_t *this, vpndiag_event_t *ev)
{
	vpndiag_record_t *fields;
	char remote[VPNDIAG_HOST_LEN];

	if (this->classifier->quick(this->classifier, ev))
	{
		return TRUE;
	}
	if (!vpndiag_same_failure(&this->failure, ev) ||
		!this->flood->is_active(this->flood, ev->time_ms) ||
		!this->classifier->take_diagnosed(this->classifier, ev, FALSE) ||
		!not_exact_peer(this, &ev->sa.remote_addr))
	{
		return FALSE;
	}
	vpndiag_format_host(&ev->sa.remote_addr, remote, sizeof(remote));
	fields = this->flood->repeat(this->flood, this->failure.code,
								 this->failure.cause, remote, ev->time_ms);
	if (!fields)
	{
		vpndiag_failure_clear(&this->failure);
		return FALSE;
	}
	if (!this->store->repeat(this->store, fields, ev->time_ms))
	{	/* evicted or reset: classify it, which starts a new one */
		this->flood->forget(this->flood, fields);
		vpndiag_failure_clear(&this->failure);
		return FALSE;
	}
	this->flood->count(this->flood, ev->time_ms);
	this->flood->pending(this->flood, fields);
	this->classifier->take_diagnosed(this->classifier, ev, TRUE);
	publish_due(this, vpndiag_time_ms(), FALSE);
	return TRUE;
}

/**
 * Capture a failure that was just classified and aggregated for the cheap
 * path; cfg is a reference on its IKE config (taken over)
 */
static void capture(private_vpndiag_worker_t *this, vpndiag_event_t *ev,
					ike_cfg_t *cfg, vpndiag_record_t *rec)
{
	vpndiag_failure_t *f = &this->failure;
	const vpndiag_cause_info_t *no_common, *no_ke;

	/* the rule went the comparison's way (no NO_PROPOSAL_CHOSEN from the
	 * peer in the IKE_SA's state): a stateless repeat goes it too */
	no_common = vpndiag_cause_info(VPNDIAG_CAUSE_P1_NO_COMMON_PROPOSAL);
	no_ke = vpndiag_cause_info(VPNDIAG_CAUSE_NO_COMMON_KE_METHOD);
	if (!rec->cause || (!streq(rec->cause, no_common->id) &&
						!streq(rec->cause, no_ke->id)) ||
		strlen(rec->cause) >= sizeof(f->cause))
	{
		cfg->destroy(cfg);
		return;
	}
	if (!ev->sa_raw && !ev->proposals)
	{
		cfg->destroy(cfg);
		return;
	}
	vpndiag_failure_clear(f);
	*f = (vpndiag_failure_t){
		.valid = TRUE,
		.alert = ev->alert,
		.version = ev->sa.version,
		.initiator = ev->sa.initiator,
		.has_peer_cfg = ev->sa.has_peer_cfg,
		.has_ike_cfg = ev->sa.has_ike_cfg,
		.ike_cfg = cfg,
		.local = ev->sa.local_addr,
		.code = rec->code,
	};
	if (ev->sa_raw)
	{
		f->sa_raw = malloc(ev->sa_raw_len);
		memcpy(f->sa_raw, ev->sa_raw, ev->sa_raw_len);
		f->sa_raw_len = ev->sa_raw_len;
	}
	else
	{
		f->proposals = *ev->proposals;
	}
	strcpy(f->cause, rec->cause);
}

/**
 * Classify one event, store and publish its records
 */
static void handle(private_vpndiag_worker_t *this, vpndiag_event_t *event,
				   linked_list_t *records)
{
	vpndiag_record_t *rec = NULL, copy = {};
	ike_cfg_t *cfg = NULL;

	if (cheap(this, event))
	{
		return;
	}
	if (event->type == VPNDIAG_EV_ALERT &&
		event->alert == VPNDIAG_ALERT_PROPOSAL_MISMATCH_IKE &&
		event->ike_cfg && (event->proposals || event->sa_raw) &&
		!event->configured &&
		this->flood->is_active(this->flood, event->time_ms))
	{	/* a candidate for the cheap path's comparison */
		cfg = ((ike_cfg_t*)event->ike_cfg)->get_ref(event->ike_cfg);
	}
	if (event->sa_raw && !event->proposals)
	{	/* the received proposals, copied raw by the hook */
		event->proposals = this->sa_raw->parse(this->sa_raw, event->sa_raw,
											   event->sa_raw_len);
	}
	vpndiag_event_format(event);
	this->classifier->process(this->classifier, event, records);
	if (cfg && records->get_count(records) == 1 &&
		records->get_first(records, (void**)&rec) == SUCCESS)
	{	/* what capture() reads of it, before the store owns it */
		copy.code = rec->code;
		copy.cause = rec->cause ? strdup(rec->cause) : NULL;
		copy.conn = rec->conn;
	}
	this->aggregated = FALSE;
	publish(this, records);
	if (cfg && rec && !copy.conn && this->aggregated)
	{
		capture(this, event, cfg, &copy);
	}
	else if (cfg)
	{
		cfg->destroy(cfg);
	}
	free(copy.cause);
}

/** the classifier's flush() runs at most this often (ms) between events */
#define FLUSH_INTERVAL_MS 100

/** the state file's pending updates (repeats folded into a record) are
 * appended at most this often (ms): one segment per record and interval.
 * A crash loses at most this long of repeats, never a new record (appended
 * at once). A second, not 100 ms: natively the bench's setup cycles (~300
 * per second) fold ~30 updates into a segment at 100 ms already, under
 * callgrind (~50 times slower) only ~3, i.e. ~3 000 instructions per cycle
 * (issue 22) */
#define STATE_FLUSH_INTERVAL_MS 1000

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
	if (this->state && (all || now < this->last_state_flush ||
						now - this->last_state_flush >= STATE_FLUSH_INTERVAL_MS))
	{
		this->last_state_flush = now;
		this->state->flush(this->state);
		check_snapshots(this);
	}
	/* aggregated records: updates due, all of them when flood mode ended
	 * or the worker stops */
	now = vpndiag_time_ms();
	publish_due(this, now, all || !this->flood->is_active(this->flood, now));
}

/**
 * How long the worker waits for an event (ms): a second, or while the
 * state file holds updates until their append is due, so that an update is
 * not left unwritten longer than STATE_FLUSH_INTERVAL_MS when no more
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
	if (now < this->last_state_flush ||
		now - this->last_state_flush >= STATE_FLUSH_INTERVAL_MS)
	{
		return 1;
	}
	return this->last_state_flush + STATE_FLUSH_INTERVAL_MS - now;
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
	this->flood->set_threshold(this->flood, load_flood_threshold());

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
	vpndiag_failure_clear(&this->failure);
	this->exact->destroy_function(this->exact, (void*)free);
	this->flood->destroy(this->flood);
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
		.exact = hashtable_create(exact_hash, exact_equals, 16),
	);
	vpndiag_worker_load_caps(&this->caps);
	this->store = vpndiag_store_create(&this->caps);
	this->flood = vpndiag_flood_create(load_flood_threshold(),
									   VPNDIAG_FLOOD_HOLD_MS);
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
