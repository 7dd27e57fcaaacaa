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

/*
 * The classifier: per-IKE_SA state and the dispatch of each event to the
 * rules (vpndiag_rules.h). The rules decide; this file only knows which
 * rule an event concerns and keeps the facts the rules read.
 */

#include "vpndiag_classifier.h"
#include "vpndiag_rules.h"

#include <collections/hashtable.h>

/* get_state() copies the part of vpndiag_sa_t before the raw facts: those
 * must be its last members */
_Static_assert(offsetof(vpndiag_sa_t, remote_id_enc) + VPNDIAG_ID_LEN +
			   _Alignof(vpndiag_sa_t) > sizeof(vpndiag_sa_t) &&
			   offsetof(vpndiag_sa_t, local_addr) >
			   offsetof(vpndiag_sa_t, remote_id),
			   "the raw facts must end vpndiag_sa_t");

/* every log fact is one bit of vpndiag_ike_state_t.logfacts */
_Static_assert(VPNDIAG_LOG_FACTS <= 32, "too many log facts for the u_int mask");

typedef struct private_vpndiag_classifier_t private_vpndiag_classifier_t;

/** how long a destroyed IKE_SA's SPI explains stray messages (ms) */
#define RECENT_SPI_TTL (120 * 1000)

/** number of destroyed IKE_SA SPIs remembered */
#define RECENT_SPIS 256

/** IKE_SAs taken as diagnosed without state (take_diagnosed()) at most */
#define TAKEN_MAX 4096

/**
 * An IKE_SA whose failure the worker's cheap path counted (take_diagnosed()):
 * its state would be the context and "diagnosed", nothing else.
 */
typedef struct {
	/** IKE_SA unique id */
	uint32_t id;
	/** when it was taken (ms) */
	uint64_t time;
} taken_t;

/**
 * Private data.
 */
struct private_vpndiag_classifier_t {

	/** public interface */
	vpndiag_classifier_t public;

	/** configuration lookups, may be NULL */
	vpndiag_config_query_t *query;

	/** unique id => vpndiag_sa_state_t */
	hashtable_t *states;

	/** SPIs of recently destroyed IKE_SAs, a ring */
	struct {
		uint64_t spi;
		uint64_t time;
	} recent[RECENT_SPIS];

	/** next slot of the ring */
	u_int recent_pos;

	/** charon is shutting down: local deletes are not diagnoses */
	bool shutdown;

	/** facts that span IKE_SAs */
	vpndiag_replace_t *replace;

	/** unique id => taken_t, IKE_SAs taken as diagnosed without state */
	hashtable_t *taken;
};

/**
 * Hash an IKE_SA unique id
 */
static u_int hash_id(const void *key)
{
	/* unique ids are sequential and not chosen by a peer: a multiplicative
	 * hash spreads them over the buckets (chunk_hash()'s keyed SipHash cost
	 * ~180 instructions per lookup, issue 22) */
	return *(uint32_t*)key * 2654435761u;
}

/**
 * Compare two IKE_SA unique ids
 */
static bool equals_id(const void *a, const void *b)
{
	return *(uint32_t*)a == *(uint32_t*)b;
}

/**
 * Drop the state of IKE_SAs idle for too long; when over the limit, be
 * less patient until it fits
 */
static void expire_states(private_vpndiag_classifier_t *this, uint64_t now)
{
	enumerator_t *enumerator;
	vpndiag_sa_state_t *st;
	uint64_t ttl = VPNDIAG_SA_STATE_TTL;

	while (this->states->get_count(this->states) >= VPNDIAG_SA_STATE_MAX)
	{
		enumerator = this->states->create_enumerator(this->states);
		while (enumerator->enumerate(enumerator, NULL, &st))
		{
			if (st->touched + ttl <= now)
			{
				this->states->remove_at(this->states, enumerator);
				free(st);
			}
		}
		enumerator->destroy(enumerator);
		if (ttl == 0)
		{
			break;
		}
		ttl /= 4;
	}
}

/**
 * Get (or create) the state of the event's IKE_SA, NULL if it has none
 */
static vpndiag_sa_state_t *get_state(private_vpndiag_classifier_t *this,
									 vpndiag_event_t *ev, bool create)
{
	vpndiag_sa_state_t *st;

	if (!ev->sa.unique_id)
	{
		return NULL;
	}
	st = this->states->get(this->states, &ev->sa.unique_id);
	if (!st && create)
	{
		expire_states(this, ev->time_ms);
		INIT(st,
			.id = ev->sa.unique_id,
		);
		this->states->put(this->states, &st->id, st);
	}
	if (st)
	{
		st->touched = ev->time_ms;
		/* keep the richest context: names and IDs only grow; the raw
		 * facts behind the strings (from local_addr on) are read only by
		 * vpndiag_event_format(), from the event: not copied (768 of its
		 * 1 536 bytes, issue 22) */
		if (ev->sa.has_peer_cfg || !st->sa.has_peer_cfg)
		{
			memcpy(&st->sa, &ev->sa, offsetof(vpndiag_sa_t, local_addr));
		}
	}
	return st;
}

/**
 * Get (or create) the state of an IKE_SA by its unique id
 */
static vpndiag_sa_state_t *get_state_by_id(private_vpndiag_classifier_t *this,
										   uint32_t id, uint64_t now)
{
	vpndiag_sa_state_t *st;

	st = this->states->get(this->states, &id);
	if (!st)
	{
		expire_states(this, now);
		INIT(st,
			.id = id,
			.sa = {
				.unique_id = id,
			},
		);
		this->states->put(this->states, &st->id, st);
	}
	st->touched = now;
	return st;
}

/**
 * Forget an IKE_SA, remembering its SPI for stray messages
 */
static void drop_state(private_vpndiag_classifier_t *this,
					   vpndiag_sa_state_t *st, uint64_t now)
{
	if (st->sa.spi_i)
	{
		this->recent[this->recent_pos].spi = st->sa.spi_i;
		this->recent[this->recent_pos].time = now;
		this->recent_pos = (this->recent_pos + 1) % RECENT_SPIS;
	}
	this->states->remove(this->states, &st->id);
	free(st);
}

/**
 * Whether an IKE_SA with this initiator SPI was destroyed recently
 */
static bool recently_destroyed(private_vpndiag_classifier_t *this,
							   uint64_t spi, uint64_t now)
{
	int i;

	for (i = 0; spi && i < RECENT_SPIS; i++)
	{
		if (this->recent[i].spi == spi &&
			this->recent[i].time + RECENT_SPI_TTL >= now)
		{
			return TRUE;
		}
	}
	return FALSE;
}

/**
 * Alerts: a pure dispatcher, each alert to its rule
 */
static void on_alert(private_vpndiag_classifier_t *this,
					 vpndiag_rule_ctx_t *ctx)
{
	vpndiag_event_t *ev = ctx->ev;

	switch (ev->alert)
	{
		case VPNDIAG_ALERT_SHUTDOWN_SIGNAL:
			this->shutdown = TRUE;
			break;
		case VPNDIAG_ALERT_PROPOSAL_MISMATCH_IKE:
			vpndiag_rules_ike_proposal_mismatch(ctx);
			break;
		case VPNDIAG_ALERT_PEER_AUTH_FAILED:
			vpndiag_rules_peer_auth_failed(ctx);
			break;
		case VPNDIAG_ALERT_LOCAL_AUTH_FAILED:
			vpndiag_rules_local_auth_failed(ctx);
			break;
		case VPNDIAG_ALERT_PROPOSAL_MISMATCH_CHILD:
			vpndiag_rules_child_proposal_mismatch(ctx);
			break;
		case VPNDIAG_ALERT_TS_MISMATCH:
			vpndiag_rules_ts_mismatch(ctx);
			break;
		case VPNDIAG_ALERT_TS_NARROWED:
			vpndiag_rules_ts_narrowed(ctx);
			break;
		case VPNDIAG_ALERT_INSTALL_CHILD_SA_FAILED:
		case VPNDIAG_ALERT_INSTALL_CHILD_POLICY_FAILED:
			vpndiag_rules_install_failed(ctx);
			break;
		case VPNDIAG_ALERT_KEEP_ON_CHILD_SA_FAILURE:
			vpndiag_rules_child_failure_end(ctx);
			break;
		case VPNDIAG_ALERT_VIP_FAILURE:
			vpndiag_rules_vip_failure(ctx);
			break;
		case VPNDIAG_ALERT_UNIQUE_KEEP:
			vpndiag_rules_unique_keep(ctx);
			break;
		case VPNDIAG_ALERT_UNIQUE_REPLACE:
			vpndiag_rules_unique_replace(ctx);
			break;
		case VPNDIAG_ALERT_RETRANSMIT_SEND:
			if (ctx->st)
			{
				ctx->st->retransmits = ev->arg;
			}
			break;
		case VPNDIAG_ALERT_RETRANSMIT_SEND_CLEARED:
			if (ctx->st)
			{
				ctx->st->retransmits = 0;
			}
			break;
		case VPNDIAG_ALERT_RETRANSMIT_SEND_TIMEOUT:
			vpndiag_rules_retransmit_timeout(ctx);
			break;
		case VPNDIAG_ALERT_HALF_OPEN_TIMEOUT:
			vpndiag_rules_half_open_timeout(ctx);
			break;
		case VPNDIAG_ALERT_CERT_EXPIRED:
		case VPNDIAG_ALERT_CERT_REVOKED:
		case VPNDIAG_ALERT_CERT_NO_ISSUER:
		case VPNDIAG_ALERT_CERT_UNTRUSTED_ROOT:
		case VPNDIAG_ALERT_CERT_EXCEEDED_PATH_LEN:
		case VPNDIAG_ALERT_CERT_POLICY_VIOLATION:
		case VPNDIAG_ALERT_CERT_VALIDATION_FAILED:
			vpndiag_rules_cert_alert(ctx);
			break;
		case VPNDIAG_ALERT_IKE_SA_EXPIRED:
			vpndiag_rules_ike_expired(ctx);
			break;
		case VPNDIAG_ALERT_INVALID_IKE_SPI:
			if (!recently_destroyed(this, ev->sa.spi_i, ev->time_ms))
			{
				vpndiag_rules_unknown_ike_spi(ctx);
			}
			break;
		case VPNDIAG_ALERT_PARSE_ERROR_HEADER:
			vpndiag_rules_parse_error_header(ctx);
			break;
		case VPNDIAG_ALERT_PARSE_ERROR_BODY:
			vpndiag_rules_parse_error_body(ctx);
			break;
		case VPNDIAG_ALERT_AUTHORIZATION_FAILED:
			vpndiag_rules_authorization_failed(ctx);
			break;
		case VPNDIAG_ALERT_PEER_ADDR_FAILED:
			vpndiag_rules_peer_addr_failed(ctx);
			break;
		case VPNDIAG_ALERT_RADIUS_NOT_RESPONDING:
			vpndiag_rules_radius_timeout(ctx);
			break;
		default:
			break;
	}
}

/**
 * A message we sent: our own refusals and deletes
 */
static void on_message_out(vpndiag_rule_ctx_t *ctx)
{
	vpndiag_event_t *ev = ctx->ev;

	if (ev->eap_code && ctx->st)
	{	/* an EAP server's request: EAP runs, even if no answer comes */
		ctx->st->eap_seen = TRUE;
	}

	if (!ev->sa.has_ike_cfg && ev->sa.state != VPNDIAG_IKE_ESTABLISHED &&
		vpndiag_has_notify(ev->notifies, ev->notify_count, NO_PROPOSAL_CHOSEN))
	{
		vpndiag_rules_no_ike_config(ctx);
	}
	if (ev->delete_proto && ev->request)
	{
		vpndiag_rules_delete_sent(ctx);
	}
	if (ev->sa.version == 1 && ev->exchange == INFORMATIONAL_V1 &&
		ev->sa.state == VPNDIAG_IKE_ESTABLISHED && ctx->st)
	{
		vpndiag_rules_v1_quick_mode_refused(ctx);
	}
}

/**
 * A message we received: keep its EAP code and error notifies for the
 * alerts that follow; IKEv1 errors and deletes go to their rules
 */
static void on_message_in(vpndiag_rule_ctx_t *ctx)
{
	vpndiag_event_t *ev = ctx->ev;
	vpndiag_sa_state_t *st = ctx->st;

	if (!st)
	{
		return;
	}
	if (ev->certs)
	{
		st->cert_received = TRUE;
	}
	if (ev->eap_code)
	{
		st->eap_seen = TRUE;
		st->rx_eap_code = ev->eap_code;
	}
	if (ev->notify_count)
	{
		memcpy(st->rx_notifies, ev->notifies, sizeof(ev->notifies));
		st->rx_count = ev->notify_count;
		st->rx_exchange = ev->exchange;
		st->rx_auth = ev->auth;
		if (vpndiag_has_notify(ev->notifies, ev->notify_count,
							   INVALID_KE_PAYLOAD))
		{
			st->rx_invalid_ke = TRUE;
		}
		if (ev->sa.version == 1 && ev->exchange == INFORMATIONAL_V1)
		{
			vpndiag_rules_v1_notified(ctx);
		}
	}
	if (ev->delete_proto && ev->request)
	{
		vpndiag_rules_delete_received(ctx);
	}
}

/**
 * IKE_SA state changes: deleting, and destroying (the end of its state)
 */
static void on_ike_state(private_vpndiag_classifier_t *this,
						 vpndiag_rule_ctx_t *ctx)
{
	vpndiag_sa_state_t *st = ctx->st;

	if (!st)
	{
		return;
	}
	switch (ctx->ev->new_state)
	{
		case VPNDIAG_IKE_DELETING:
			vpndiag_rules_ike_deleting(ctx);
			break;
		case VPNDIAG_IKE_DESTROYING:
			if (ctx->ev->sa.state == VPNDIAG_IKE_CONNECTING && !st->diagnosed)
			{	/* setup failed without an alert: did the peer say why? */
				vpndiag_rules_ike_rejected(ctx);
			}
			drop_state(this, st, ctx->ev->time_ms);
			break;
		default:
			break;
	}
}

/**
 * ike_updown: up starts a new life (setup-time facts are forgotten, but
 * not the notifies of the IKE_AUTH response: its CHILD_SA follows); down
 * records the pending cause
 */
static void on_ike_updown(vpndiag_rule_ctx_t *ctx)
{
	vpndiag_sa_state_t *st = ctx->st;

	if (ctx->ev->up)
	{
		vpndiag_rules_ike_up(ctx);
	}
	if (!st)
	{
		return;
	}
	if (ctx->ev->up)
	{
		st->diagnosed = FALSE;
		st->cert_alert = VPNDIAG_ALERT_OTHER;
		st->cert_received = FALSE;
		st->logfacts = 0;
		st->retransmits = 0;
		return;
	}
	vpndiag_rules_ike_down(ctx);
}

/**
 * vici closed an IKE_SA ("closing IKE_SA #N", no IKE_SA context): the
 * rule works on the state of #N
 */
static void on_config_closing(private_vpndiag_classifier_t *this,
							  vpndiag_rule_ctx_t *ctx)
{
	const char *hash = strrchr(ctx->ev->text, '#');
	vpndiag_rule_ctx_t closed = *ctx;
	u_int id;

	if (!hash || sscanf(hash, "#%u", &id) != 1 || !id)
	{
		return;
	}
	closed.st = get_state_by_id(this, id, ctx->ev->time_ms);
	vpndiag_rules_config_closing(&closed);
}

/**
 * Log facts: remember them for the alerts that follow; XAuth failures
 * raise no alert and are diagnosed here
 */
static void on_log(private_vpndiag_classifier_t *this,
				   vpndiag_rule_ctx_t *ctx)
{
	vpndiag_event_t *ev = ctx->ev;
	vpndiag_sa_state_t *st = ctx->st;

	if (ev->logfact == VPNDIAG_LOG_CONFIG_CLOSING)
	{
		on_config_closing(this, ctx);
		return;
	}
	if (ev->logfact == VPNDIAG_LOG_DPD_SENT ||
		ev->logfact == VPNDIAG_LOG_MOBIKE_UPDATE)
	{	/* which kind of liveness-type request is outstanding */
		if (st)
		{
			st->mobike_update = ev->logfact == VPNDIAG_LOG_MOBIKE_UPDATE;
		}
		return;
	}
	if (!st && vpndiag_rules_pre_sa(ctx))
	{	/* no IKE_SA exists: a record without a connection */
		return;
	}
	if (st)
	{
		st->logfacts |= (1u << ev->logfact);
		snprintf(st->log_text, sizeof(st->log_text), "%s", ev->text);
		if (ev->logfact == VPNDIAG_LOG_CONSTRAINT)
		{	/* the last candidate config's refusal is the one that counts */
			snprintf(st->constraint, sizeof(st->constraint), "%s", ev->text);
		}
	}
	switch (ev->logfact)
	{
		case VPNDIAG_LOG_XAUTH_FAILED:
			vpndiag_rules_xauth_failed(ctx);
			break;
		case VPNDIAG_LOG_KERNEL_ERRNO:
			vpndiag_rules_kernel_errno(ctx);
			break;
		case VPNDIAG_LOG_INITIAL_CONTACT:
			vpndiag_rules_initial_contact(ctx);
			break;
		case VPNDIAG_LOG_CONFIG_CLOSING_CHILD:
			vpndiag_rules_config_closing_child(ctx);
			break;
		case VPNDIAG_LOG_CHILDLESS:
			vpndiag_rules_childless(ctx);
			break;
		case VPNDIAG_LOG_IKE_PORT_IN_USE:
			vpndiag_rules_ike_port_in_use(ctx);
			break;
		default:
			break;
	}
}

/**
 * Rekeys: a pending cause (e.g. a hard expiry raised while rekeying) moves
 * with the tasks charon migrates to the new IKE_SA; then the info record
 */
static void on_rekey(private_vpndiag_classifier_t *this,
					 vpndiag_rule_ctx_t *ctx)
{
	vpndiag_event_t *ev = ctx->ev;
	uint32_t old_id = ev->arg;
	vpndiag_sa_state_t *old;

	if (ev->type == VPNDIAG_EV_IKE_REKEY)
	{
		old = this->states->get(this->states, &old_id);
		if (old && old->down_cause && ctx->st)
		{
			vpndiag_rules_set_down(ctx->st, old->down_cause,
								   old->down_initiator, old->down_detail);
			old->down_cause = VPNDIAG_CAUSE_NONE;
		}
	}
	vpndiag_rules_rekeyed(ctx);
}

static void drop_failed(private_vpndiag_classifier_t *this, linked_list_t *out,
						int before);

/**
 * An IKE_SA taken as diagnosed gets the state the rule would have left:
 * created from the event's context (get_state() copies it again for this
 * event), diagnosed
 */
static void materialize(private_vpndiag_classifier_t *this,
						vpndiag_event_t *ev)
{
	vpndiag_sa_state_t *st;
	taken_t *taken;

	taken = this->taken->remove(this->taken, &ev->sa.unique_id);
	if (taken)
	{
		st = get_state(this, ev, TRUE);
		st->diagnosed = TRUE;
		free(taken);
	}
}

METHOD(vpndiag_classifier_t, process, void,
	private_vpndiag_classifier_t *this, vpndiag_event_t *ev,
	linked_list_t *out)
{
	vpndiag_rule_ctx_t ctx = {
		.ev = ev,
		.query = this->query,
		.out = out,
		.shutdown = this->shutdown,
		.replace = this->replace,
	};
	int before = out->get_count(out);

	if (ev->sa.unique_id && this->taken->get_count(this->taken))
	{
		materialize(this, ev);
	}
	/* only events that carry facts create state (and downs, which may
	 * close a replacement); others just look it up; sampled traffic
	 * events keep out of the IKE_SA's protocol state */
	ctx.st = ev->type == VPNDIAG_EV_TRAFFIC ? NULL :
			get_state(this, ev, ev->type == VPNDIAG_EV_ALERT ||
				ev->type == VPNDIAG_EV_MESSAGE || ev->type == VPNDIAG_EV_LOG ||
				ev->type == VPNDIAG_EV_IKE_REKEY ||
				(ev->type == VPNDIAG_EV_IKE_UPDOWN && !ev->up) ||
				(ev->type == VPNDIAG_EV_IKE_STATE &&
				 ev->new_state == VPNDIAG_IKE_DELETING));
	switch (ev->type)
	{
		case VPNDIAG_EV_ALERT:
			on_alert(this, &ctx);
			break;
		case VPNDIAG_EV_MESSAGE:
			if (ev->incoming)
			{
				on_message_in(&ctx);
			}
			else
			{
				on_message_out(&ctx);
			}
			break;
		case VPNDIAG_EV_IKE_STATE:
			on_ike_state(this, &ctx);
			break;
		case VPNDIAG_EV_IKE_UPDOWN:
			on_ike_updown(&ctx);
			break;
		case VPNDIAG_EV_CHILD_UPDOWN:
			if (ev->up)
			{
				vpndiag_rules_child_up(&ctx);
			}
			else
			{
				vpndiag_rules_child_down(&ctx);
			}
			break;
		case VPNDIAG_EV_IKE_REKEY:
		case VPNDIAG_EV_CHILD_REKEY:
			on_rekey(this, &ctx);
			break;
		case VPNDIAG_EV_IKE_UPDATE:
			vpndiag_rules_peer_moved(&ctx);
			break;
		case VPNDIAG_EV_LOG:
			on_log(this, &ctx);
			break;
		case VPNDIAG_EV_TRAFFIC:
			vpndiag_rules_traffic(&ctx);
			break;
		default:
			break;
	}
	drop_failed(this, out, before);
}

/**
 * A failure diagnosed for a peer is what its parked downs ran into (a
 * reauthentication that failed): they are not recorded on expiry
 */
static void drop_failed(private_vpndiag_classifier_t *this, linked_list_t *out,
						int before)
{
	enumerator_t *enumerator;
	vpndiag_record_t *rec;
	int i = 0;

	if (out->get_count(out) <= before)
	{	/* the event produced no record (most do not): no enumerator */
		return;
	}
	enumerator = out->create_enumerator(out);
	while (enumerator->enumerate(enumerator, &rec))
	{
		if (i++ >= before && rec->severity != VPNDIAG_SEV_INFO &&
			rec->category == VPNDIAG_CAT_NEGOTIATION && rec->ike_sa &&
			rec->remote)
		{
			this->replace->drop_failed(this->replace, rec->remote, rec->conn);
		}
	}
	enumerator->destroy(enumerator);
}

METHOD(vpndiag_classifier_t, flush, void,
	private_vpndiag_classifier_t *this, uint64_t now, linked_list_t *out)
{
	vpndiag_event_t ev = {
		.type = VPNDIAG_EV_IKE_UPDOWN,
	};
	vpndiag_sa_state_t st;
	vpndiag_rule_ctx_t ctx = {
		.ev = &ev,
		.st = &st,
		.query = this->query,
		.out = out,
		.shutdown = this->shutdown,
	};

	while (this->replace->expire(this->replace, now, &ev.sa, &ev.time_ms,
								 &st, sizeof(st)))
	{
		vpndiag_rules_parked_expired(&ctx);
	}
}

METHOD(vpndiag_classifier_t, take_diagnosed, bool,
	private_vpndiag_classifier_t *this, vpndiag_event_t *ev, bool commit)
{
	enumerator_t *enumerator;
	taken_t *taken;

	if (!ev->sa.unique_id ||
		this->states->get(this->states, &ev->sa.unique_id) ||
		this->taken->get(this->taken, &ev->sa.unique_id) ||
		this->replace->get_parked(this->replace))
	{
		return FALSE;
	}
	if (this->taken->get_count(this->taken) >= TAKEN_MAX)
	{	/* IKE_SAs that never ended: forget those of long ago (their
		 * state would have expired as well) */
		enumerator = this->taken->create_enumerator(this->taken);
		while (enumerator->enumerate(enumerator, NULL, &taken))
		{
			if (taken->time + VPNDIAG_SA_STATE_TTL <= ev->time_ms)
			{
				this->taken->remove_at(this->taken, enumerator);
				free(taken);
			}
		}
		enumerator->destroy(enumerator);
		if (this->taken->get_count(this->taken) >= TAKEN_MAX)
		{
			return FALSE;
		}
	}
	if (commit)
	{
		INIT(taken,
			.id = ev->sa.unique_id,
			.time = ev->time_ms,
		);
		this->taken->put(this->taken, &taken->id, taken);
	}
	return TRUE;
}

METHOD(vpndiag_classifier_t, quick, bool,
	private_vpndiag_classifier_t *this, vpndiag_event_t *ev)
{
	taken_t *taken;

	if (!ev->sa.unique_id || !this->taken->get_count(this->taken) ||
		(ev->type != VPNDIAG_EV_MESSAGE && ev->type != VPNDIAG_EV_IKE_UPDOWN &&
		 ev->type != VPNDIAG_EV_IKE_STATE))
	{	/* other events are never handled here: no lookup */
		return FALSE;
	}
	taken = this->taken->get(this->taken, &ev->sa.unique_id);
	if (!taken)
	{
		return FALSE;
	}
	switch (ev->type)
	{
		case VPNDIAG_EV_MESSAGE:
			/* on_message_out() with the state {context, diagnosed}: no EAP
			 * (eap_seen), no NO_PROPOSAL_CHOSEN without an IKE config
			 * (vpndiag_rules_no_ike_config()), no DELETE request, no IKEv1
			 * INFORMATIONAL on an established IKE_SA: it only creates the
			 * state, which holds nothing a later event reads but the
			 * context (copied from that event anyway) */
			if (ev->incoming || ev->eap_code || ev->delete_proto ||
				(!ev->sa.has_ike_cfg && vpndiag_has_notify(ev->notifies,
									ev->notify_count, NO_PROPOSAL_CHOSEN)) ||
				(ev->sa.version == 1 && ev->exchange == INFORMATIONAL_V1))
			{
				return FALSE;
			}
			taken->time = ev->time_ms;
			return TRUE;
		case VPNDIAG_EV_IKE_UPDOWN:
			/* a down (task_manager_v2.c: build_response() raises it after
			 * sending the response of a failed task): on_ike_updown() ->
			 * vpndiag_rules_ike_down() with no pending down cause records
			 * nothing and parks nothing (record_down() only clears the
			 * cause); it only creates the state */
			if (ev->up)
			{
				return FALSE;
			}
			taken->time = ev->time_ms;
			return TRUE;
		case VPNDIAG_EV_IKE_STATE:
			/* on_ike_state(): DESTROYING of a diagnosed IKE_SA records
			 * nothing (vpndiag_rules_ike_rejected() only for undiagnosed
			 * ones) and drops the state, remembering the SPI (drop_state(),
			 * with the context get_state() copied from this event) */
			if (ev->new_state != VPNDIAG_IKE_DESTROYING)
			{
				return FALSE;
			}
			if (ev->sa.spi_i)
			{
				this->recent[this->recent_pos].spi = ev->sa.spi_i;
				this->recent[this->recent_pos].time = ev->time_ms;
				this->recent_pos = (this->recent_pos + 1) % RECENT_SPIS;
			}
			this->taken->remove(this->taken, &ev->sa.unique_id);
			free(taken);
			return TRUE;
		default:
			return FALSE;
	}
}

METHOD(vpndiag_classifier_t, get_sa_count, u_int,
	private_vpndiag_classifier_t *this)
{
	return this->states->get_count(this->states);
}

METHOD(vpndiag_classifier_t, destroy, void,
	private_vpndiag_classifier_t *this)
{
	this->states->destroy_function(this->states, (void*)free);
	this->taken->destroy_function(this->taken, (void*)free);
	this->replace->destroy(this->replace);
	free(this);
}

/*
 * Described in header
 */
vpndiag_classifier_t *vpndiag_classifier_create(vpndiag_config_query_t *query)
{
	private_vpndiag_classifier_t *this;

	INIT(this,
		.public = {
			.process = _process,
			.flush = _flush,
			.get_sa_count = _get_sa_count,
			.take_diagnosed = _take_diagnosed,
			.quick = _quick,
			.destroy = _destroy,
		},
		.query = query,
		.states = hashtable_create(hash_id, equals_id, 64),
		.replace = vpndiag_replace_create(),
		.taken = hashtable_create(hash_id, equals_id, 64),
	);
	return &this->public;
}
