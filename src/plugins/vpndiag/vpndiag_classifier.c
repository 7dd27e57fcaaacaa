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

#include "vpndiag_classifier.h"
#include "vpndiag_proposals.h"
#include "vpndiag_ts.h"

#include <library.h>
#include <collections/hashtable.h>

typedef struct private_vpndiag_classifier_t private_vpndiag_classifier_t;
typedef struct sa_state_t sa_state_t;

/** IKE notify types (RFC 7296 / RFC 2408 numbering) */
enum {
	N_UNSUPPORTED_CRITICAL_PAYLOAD = 1,
	N_INVALID_MAJOR_VERSION = 5,
	N_INVALID_SYNTAX = 7,
	N_NO_PROPOSAL_CHOSEN = 14,
	N_PAYLOAD_MALFORMED = 16,
	N_INVALID_KE_PAYLOAD = 17,
	N_INVALID_ID_INFORMATION = 18,
	N_AUTHENTICATION_FAILED = 24,
	N_NO_ADDITIONAL_SAS = 35,
	N_INTERNAL_ADDRESS_FAILURE = 36,
	N_FAILED_CP_REQUIRED = 37,
	N_TS_UNACCEPTABLE = 38,
	N_INVALID_SELECTORS = 39,
	N_TEMPORARY_FAILURE = 43,
	N_CHILD_SA_NOT_FOUND = 44,
};

/** exchange types */
enum {
	X_ID_PROT = 2,
	X_AGGRESSIVE = 4,
	X_INFORMATIONAL_V1 = 5,
	X_TRANSACTION = 6,
	X_QUICK_MODE = 32,
	X_IKE_SA_INIT = 34,
	X_IKE_AUTH = 35,
	X_CREATE_CHILD_SA = 36,
	X_INFORMATIONAL = 37,
};

/** EAP codes */
enum {
	EAP_CODE_SUCCESS = 3,
	EAP_CODE_FAILURE = 4,
};

/** parse status values of ALERT_PARSE_ERROR_BODY (status_t) */
enum {
	ST_FAILED = 1,
	ST_NOT_SUPPORTED = 3,
	ST_PARSE_ERROR = 9,
	ST_VERIFY_ERROR = 10,
};

/** protocol of a DELETE payload */
enum {
	PROTO_IKE = 1,
};

/** how long a destroyed IKE_SA's SPI explains stray messages (ms) */
#define RECENT_SPI_TTL (120 * 1000)
/** pending CHILD_SA down causes kept per IKE_SA */
#define VPNDIAG_MAX_CHILD_CAUSES 4

/** number of destroyed IKE_SA SPIs remembered */
#define RECENT_SPIS 256

/**
 * What we know about one IKE_SA.
 */
struct sa_state_t {
	uint32_t id;
	uint64_t touched;
	/** last known context */
	vpndiag_sa_t sa;
	/** error notifies of the last incoming message that had some */
	uint16_t rx_notifies[VPNDIAG_MAX_NOTIFIES];
	int rx_count;
	int rx_exchange;
	/** an INVALID_KE_PAYLOAD was received during setup */
	bool rx_invalid_ke;
	/** EAP payloads were exchanged */
	bool eap_seen;
	/** EAP code of the last incoming EAP payload */
	int rx_eap_code;
	/** log facts seen, bit (1 << vpndiag_logfact_t) */
	u_int logfacts;
	/** text of the last log fact */
	char log_text[VPNDIAG_TEXT_LEN];
	/** certificate alert buffered during authentication */
	vpndiag_alert_t cert_alert;
	char cert_subject[VPNDIAG_ID_LEN];
	int64_t not_before, not_after;
	/** retransmits of the current request */
	int retransmits;
	/** pending cause for the next down event */
	vpndiag_code_t down_code;
	const char *down_cause;
	bool down_initiator;
	char down_detail[VPNDIAG_TEXT_LEN];
	/** a failure record was produced for this IKE_SA */
	bool diagnosed;
	/** the last liveness-type request logged was a MOBIKE address update,
	 *  not a DPD */
	bool mobike_update;
	/** a CHILD_SA failure was diagnosed, until its outcome marker */
	bool child_diagnosed;
	/** pending causes of CHILD_SA down events */
	struct {
		uint32_t id;
		vpndiag_code_t code;
		const char *cause;
		bool initiator;
	} child_down[VPNDIAG_MAX_CHILD_CAUSES];
};

/**
 * Private data.
 */
struct private_vpndiag_classifier_t {
	vpndiag_classifier_t public;
	vpndiag_config_query_t *query;
	/** unique id => sa_state_t */
	hashtable_t *states;
	/** SPIs of recently destroyed IKE_SAs */
	struct {
		uint64_t spi;
		uint64_t time;
	} recent[RECENT_SPIS];
	u_int recent_pos;
	/** charon is shutting down: local deletes are not diagnoses */
	bool shutdown;
};

/**
 * Name of an exchange type
 */
static const char *exchange_name(int exchange)
{
	switch (exchange)
	{
		case X_ID_PROT:
			return "ID_PROT";
		case X_AGGRESSIVE:
			return "AGGRESSIVE";
		case X_INFORMATIONAL_V1:
			return "INFORMATIONAL_V1";
		case X_TRANSACTION:
			return "TRANSACTION";
		case X_QUICK_MODE:
			return "QUICK_MODE";
		case X_IKE_SA_INIT:
			return "IKE_SA_INIT";
		case X_IKE_AUTH:
			return "IKE_AUTH";
		case X_CREATE_CHILD_SA:
			return "CREATE_CHILD_SA";
		case X_INFORMATIONAL:
			return "INFORMATIONAL";
		default:
			return NULL;
	}
}

static u_int hash_id(const void *key)
{
	return chunk_hash(chunk_from_thing(*(uint32_t*)key));
}

static bool equals_id(const void *a, const void *b)
{
	return *(uint32_t*)a == *(uint32_t*)b;
}

/**
 * Drop the state of IKE_SAs idle for too long
 */
static void expire_states(private_vpndiag_classifier_t *this, uint64_t now)
{
	enumerator_t *enumerator;
	sa_state_t *st;
	uint64_t ttl = VPNDIAG_SA_STATE_TTL;

	/* when over the limit, be less patient until it fits */
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
static sa_state_t *get_state(private_vpndiag_classifier_t *this,
							 vpndiag_event_t *ev, bool create)
{
	sa_state_t *st;

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
		/* keep the richest context: names and IDs only grow */
		if (ev->sa.has_peer_cfg || !st->sa.has_peer_cfg)
		{
			st->sa = ev->sa;
		}
	}
	return st;
}

/**
 * Forget an IKE_SA, remembering its SPI for stray messages
 */
static void drop_state(private_vpndiag_classifier_t *this, sa_state_t *st,
					   uint64_t now)
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

static bool has_notify(uint16_t *notifies, int count, uint16_t type)
{
	int i;

	for (i = 0; i < count; i++)
	{
		if (notifies[i] == type)
		{
			return TRUE;
		}
	}
	return FALSE;
}

static bool has_fact(sa_state_t *st, vpndiag_logfact_t fact)
{
	return st && (st->logfacts & (1 << fact));
}

/**
 * Create a record for the event's IKE_SA
 */
static vpndiag_record_t *new_record(vpndiag_event_t *ev, sa_state_t *st,
									vpndiag_code_t code, const char *cause,
									bool initiator)
{
	vpndiag_sa_t *sa = st ? &st->sa : &ev->sa;
	vpndiag_record_t *rec;

	rec = vpndiag_record_create(code);
	rec->first = rec->last = ev->time_ms;
	rec->initiator = initiator;
	rec->ike_sa = sa->unique_id;
	rec->version = sa->version;
	vpndiag_record_set(&rec->cause, cause);
	if (sa->has_peer_cfg)
	{
		vpndiag_record_set(&rec->conn, sa->conn);
	}
	vpndiag_record_set(&rec->child, ev->child);
	vpndiag_record_set(&rec->local, sa->local);
	vpndiag_record_set(&rec->remote, sa->remote);
	vpndiag_record_set(&rec->local_id, sa->local_id);
	vpndiag_record_set(&rec->remote_id, sa->remote_id);
	return rec;
}

/**
 * Add a failure record for an IKE_SA, once per IKE_SA
 */
static vpndiag_record_t *diagnose(vpndiag_event_t *ev, sa_state_t *st,
								  vpndiag_code_t code, const char *cause,
								  bool initiator, linked_list_t *out)
{
	vpndiag_record_t *rec;

	if (st && st->diagnosed)
	{
		return NULL;
	}
	rec = new_record(ev, st, code, cause, initiator);
	if (st && rec->severity != VPNDIAG_SEV_INFO)
	{
		st->diagnosed = TRUE;
	}
	out->insert_last(out, rec);
	return rec;
}

/**
 * The peer's address without port, for messages
 */
static const char *peer_of(vpndiag_event_t *ev, sa_state_t *st)
{
	const char *remote = st ? st->sa.remote : ev->sa.remote;

	return *remote ? remote : "the peer";
}

/**
 * Split "addr[port]" into an address buffer
 */
static char *addr_only(const char *hostport, char *buf, size_t len)
{
	char *bracket;

	snprintf(buf, len, "%s", hostport);
	bracket = strrchr(buf, '[');
	if (bracket && bracket != buf)
	{
		*bracket = '\0';
	}
	return buf;
}

/**
 * ALERT_PROPOSAL_MISMATCH_IKE: responder compares, initiator was rejected
 */
static void on_ike_proposal_mismatch(private_vpndiag_classifier_t *this,
									 vpndiag_event_t *ev, sa_state_t *st,
									 linked_list_t *out)
{
	vpndiag_record_t *rec;
	char types[64] = "";
	u_int mismatch = 0;

	if (st && has_notify(st->rx_notifies, st->rx_count, N_NO_PROPOSAL_CHOSEN))
	{	/* we initiated, the peer said no: we only know what we offered */
		rec = diagnose(ev, st, VPNDIAG_P1_PROPOSAL_MISMATCH,
					   "peer-rejected-proposal", TRUE, out);
		if (!rec)
		{
			return;
		}
		rec->fix = VPNDIAG_FIX_EITHER;
		rec->confidence = "low";
		if (ev->proposals)
		{
			vpndiag_record_set(&rec->offered, ev->proposals->text);
		}
		vpndiag_record_setf(&rec->detail, "%s answered NO_PROPOSAL_CHOSEN to "
			"our IKE_SA proposals %s; its log names the transform that differs "
			"(the same answer comes back when it has no IKE config for our "
			"address or IKE version)", peer_of(ev, st),
			rec->offered ?: "(unknown)");
		return;
	}
	if (ev->proposals && ev->configured)
	{
		mismatch = vpndiag_proposals_mismatch(ev->proposals, ev->configured);
		vpndiag_proposals_mismatch_names(mismatch, types, sizeof(types));
	}
	rec = diagnose(ev, st, mismatch == VPNDIAG_MISMATCH_KE ?
				   VPNDIAG_RESPONDER_DH_MISMATCH : VPNDIAG_P1_PROPOSAL_MISMATCH,
				   mismatch == VPNDIAG_MISMATCH_KE ? "no-common-ke-method" :
				   "no-common-proposal", ev->sa.initiator, out);
	if (!rec)
	{
		return;
	}
	vpndiag_proposals_add_mismatch(rec, mismatch);
	if (ev->proposals)
	{
		vpndiag_record_set(&rec->offered, ev->proposals->text);
	}
	if (ev->configured)
	{
		vpndiag_record_set(&rec->accepted, ev->configured->text);
	}
	vpndiag_record_setf(&rec->detail, "%s proposed %s, we accept %s%s%s",
		peer_of(ev, st), rec->offered ?: "(unknown)",
		rec->accepted ?: "(unknown)", mismatch ? ": no common " : "", types);
}

/**
 * Authentication failure we decided (ALERT_PEER_AUTH_FAILED)
 */
static void on_peer_auth_failed(private_vpndiag_classifier_t *this,
								vpndiag_event_t *ev, sa_state_t *st,
								linked_list_t *out)
{
	vpndiag_record_t *rec;
	const char *rid = st && *st->sa.remote_id ? st->sa.remote_id : "(none)";
	const char *lid = st && *st->sa.local_id ? st->sa.local_id : "(none)";

	if (has_fact(st, VPNDIAG_LOG_AGGRESSIVE_PSK_DISABLED) ||
		has_fact(st, VPNDIAG_LOG_MODE_NOT_ALLOWED))
	{
		rec = diagnose(ev, st, VPNDIAG_EXCHANGE_MODE_MISMATCH,
			has_fact(st, VPNDIAG_LOG_AGGRESSIVE_PSK_DISABLED) ?
			"aggressive-psk-disabled" : "mode-not-allowed", FALSE, out);
		if (rec)
		{
			vpndiag_record_setf(&rec->detail, "IKEv1 %s: %s", peer_of(ev, st),
								st->log_text);
		}
		return;
	}
	if (st && st->eap_seen)
	{
		rec = diagnose(ev, st, VPNDIAG_EAP_AUTH_FAIL, "eap-failed", FALSE, out);
		if (rec)
		{
			rec->fix = VPNDIAG_FIX_PEER;
			vpndiag_record_setf(&rec->detail, "EAP authentication of %s (%s) "
								"failed on our side", rid, peer_of(ev, st));
		}
		return;
	}
	if (st && st->cert_alert)
	{
		char from[32], to[32];
		vpndiag_code_t code = VPNDIAG_AUTH_FAIL;
		const char *cause = "untrusted-ca";

		switch (st->cert_alert)
		{
			case VPNDIAG_ALERT_CERT_EXPIRED:
				code = VPNDIAG_PEER_CERT_EXPIRED;
				cause = (st->not_before && ev->time_ms / 1000 <
						 (uint64_t)st->not_before) ? "cert-not-yet-valid" :
						 "cert-expired";
				break;
			case VPNDIAG_ALERT_CERT_REVOKED:
				code = VPNDIAG_PEER_CERT_REVOKED;
				cause = "cert-revoked";
				break;
			case VPNDIAG_ALERT_CERT_EXCEEDED_PATH_LEN:
				cause = "cert-path-length";
				break;
			case VPNDIAG_ALERT_CERT_POLICY_VIOLATION:
				cause = "cert-policy";
				break;
			case VPNDIAG_ALERT_CERT_VALIDATION_FAILED:
				cause = "cert-status-unknown";
				break;
			default:
				break;
		}
		rec = diagnose(ev, st, code, cause, FALSE, out);
		if (rec)
		{
			rec->fix = VPNDIAG_FIX_PEER;
			vpndiag_time_format(st->not_before * 1000, from, sizeof(from));
			vpndiag_time_format(st->not_after * 1000, to, sizeof(to));
			vpndiag_record_setf(&rec->detail, "certificate '%s' of %s rejected "
				"(%s)%s%s%s%s", st->cert_subject, rid, cause,
				st->not_after ? ", valid from " : "",
				st->not_after ? from : "", st->not_after ? " to " : "",
				st->not_after ? to : "");
		}
		return;
	}
	if (has_fact(st, VPNDIAG_LOG_PSK_MISMATCH))
	{
		rec = diagnose(ev, st, VPNDIAG_AUTH_FAIL, "psk-mismatch", FALSE, out);
		if (rec)
		{
			vpndiag_record_setf(&rec->detail, "the pre-shared key for '%s' - "
				"'%s' differs from the peer's (AUTH payload MAC mismatched)",
				lid, rid);
		}
		return;
	}
	if (st && !st->sa.has_peer_cfg)
	{
		rec = diagnose(ev, st, VPNDIAG_CONFIG_ID_MISMATCH,
					   "no-matching-peer-config", FALSE, out);
		if (rec)
		{
			vpndiag_record_setf(&rec->detail, "no connection matches %s "
				"identifying as '%s' and asking for us as '%s'",
				peer_of(ev, st), rid, lid);
		}
		return;
	}
	if (has_fact(st, VPNDIAG_LOG_IDR_MISMATCH))
	{
		rec = diagnose(ev, st, VPNDIAG_CONFIG_ID_MISMATCH, "idr-mismatch",
					   FALSE, out);
		if (rec)
		{
			vpndiag_record_setf(&rec->detail, "%s", st->log_text);
		}
		return;
	}
	if (has_fact(st, VPNDIAG_LOG_NO_TRUSTED_KEY))
	{
		rec = diagnose(ev, st, VPNDIAG_AUTH_FAIL, "untrusted-ca", FALSE, out);
		if (rec)
		{
			rec->fix = VPNDIAG_FIX_EITHER;
			vpndiag_record_setf(&rec->detail, "%s: no trusted public key for "
				"'%s' (no certificate received, or its CA is not in our "
				"trust store)", peer_of(ev, st), rid);
		}
		return;
	}
	rec = diagnose(ev, st, VPNDIAG_AUTH_FAIL, "peer-auth-failed", FALSE, out);
	if (rec)
	{
		rec->confidence = "medium";
		vpndiag_record_setf(&rec->detail, "authentication of %s as '%s' "
							"failed", peer_of(ev, st), rid);
	}
}

/**
 * Our authentication failed or the peer rejected it (ALERT_LOCAL_AUTH_FAILED)
 */
static void on_local_auth_failed(private_vpndiag_classifier_t *this,
								 vpndiag_event_t *ev, sa_state_t *st,
								 linked_list_t *out)
{
	vpndiag_record_t *rec;
	const char *lid = st && *st->sa.local_id ? st->sa.local_id : "(none)";

	if (st && st->rx_eap_code == EAP_CODE_FAILURE)
	{
		rec = diagnose(ev, st, VPNDIAG_EAP_AUTH_FAIL, "peer-rejected-eap",
					   TRUE, out);
		if (rec)
		{
			rec->fix = VPNDIAG_FIX_LOCAL;
			vpndiag_record_setf(&rec->detail, "%s answered EAP_FAILURE: our "
				"EAP credentials for '%s' were rejected", peer_of(ev, st), lid);
		}
		return;
	}
	if (st && has_notify(st->rx_notifies, st->rx_count, N_AUTHENTICATION_FAILED))
	{
		rec = diagnose(ev, st, VPNDIAG_AUTH_FAIL, "peer-rejected-auth", TRUE,
					   out);
		if (rec)
		{
			rec->fix = VPNDIAG_FIX_EITHER;
			rec->confidence = "low";
			vpndiag_record_setf(&rec->detail, "%s answered AUTHENTICATION_FAILED "
				"to us as '%s'; its log tells which: a pre-shared key mismatch, "
				"no connection there for our ID or for the ID we expect of it, "
				"or our certificate expired, revoked or from a CA it does not "
				"trust", peer_of(ev, st), lid);
		}
		return;
	}
	if (has_fact(st, VPNDIAG_LOG_NO_LOCAL_CREDENTIAL))
	{
		rec = diagnose(ev, st, VPNDIAG_LOCAL_ID_FAIL, "no-local-credential",
					   ev->sa.initiator, out);
		if (rec)
		{
			rec->fix = VPNDIAG_FIX_LOCAL;
			vpndiag_record_setf(&rec->detail, "%s", st->log_text);
		}
		return;
	}
	rec = diagnose(ev, st, VPNDIAG_AUTH_FAIL, "local-auth-failed",
				   ev->sa.initiator, out);
	if (rec)
	{
		rec->confidence = "medium";
		vpndiag_record_setf(&rec->detail, "authenticating ourselves as '%s' to "
							"%s failed", lid, peer_of(ev, st));
	}
}

/**
 * IKE_SA_INIT answered, the next request lost: UDP 4500 filtered or IP
 * fragments dropped; which is likelier follows from the request's size
 * against the local link's MTU (IKE fragmentation avoids IP fragments)
 */
static void ike_auth_lost_detail(private_vpndiag_classifier_t *this,
								 vpndiag_event_t *ev, sa_state_t *st,
								 vpndiag_record_t *rec, const char *xname)
{
	int mtu = 0, ip_size;
	bool v6 = strchr(ev->sa.local, ':') != NULL;

	if (this->query && this->query->link_mtu)
	{
		mtu = this->query->link_mtu(this->query, ev->sa.local);
	}
	/* IP and UDP headers, and the non-ESP marker on port 4500 */
	ip_size = ev->size + (v6 ? 48 : 28) + (ev->dst_port == 4500 ? 4 : 0);
	rec->nat = ev->sa.nat ? "yes" : "no";
	if (ev->sa.fragmentation || !ev->size)
	{
		rec->fragmented = ev->sa.fragmentation ? "no" : NULL;
	}
	else if (mtu && ip_size > mtu)
	{
		rec->fragmented = "yes";
	}
	else
	{
		rec->fragmented = ip_size > 1280 ? "possible" : "no";
	}
	if (rec->fragmented && !streq(rec->fragmented, "no"))
	{
		rec->confidence = "medium";
		vpndiag_record_setf(&rec->detail, "%s answered IKE_SA_INIT but not "
			"%s (%d retransmits): likelier the IP fragments of the %d-byte "
			"packet were dropped on the way%s%.0d%s, as IKE fragmentation "
			"is not in use; otherwise UDP %d is filtered", peer_of(ev, st),
			xname ?: "the next request", rec->retransmits, ip_size,
			streq(rec->fragmented, "yes") ? " (over our link's MTU of " : "",
			streq(rec->fragmented, "yes") ? mtu : 0,
			streq(rec->fragmented, "yes") ? " bytes)" : "", ev->dst_port);
		vpndiag_record_set(&rec->remedy, "Enable IKE fragmentation on both "
			"ends (swanctl.conf connections.<conn>.fragmentation = yes, "
			"ipsec.conf fragmentation=yes), or let IP fragments of UDP 500/"
			"4500 pass every firewall and NAT device on the path and check "
			"the path MTU (ip link, tracepath); then allow UDP 4500 both ways.");
	}
	else
	{
		vpndiag_record_setf(&rec->detail, "%s answered IKE_SA_INIT but not "
			"%s (%u bytes to UDP %d, %d retransmits): likelier UDP %d is "
			"filtered on the way%s%s", peer_of(ev, st),
			xname ?: "the next request", ev->size, ev->dst_port,
			rec->retransmits, ev->dst_port,
			ev->sa.fragmentation ? " (IKE fragmentation was in use)" : "",
			ev->dst_port == 4500 && !ev->sa.nat ? "; no NAT was detected, "
			"port 4500 comes from encapsulation forced by the config or "
			"the kernel backend (kernel-libipsec always uses it)" : "");
		vpndiag_record_set(&rec->remedy, "Allow UDP 4500 (and UDP 500) "
			"between the gateways in both directions: host firewalls, "
			"security groups and ACLs on the path; a NAT device must pass "
			"UDP 4500 to the responder. If large messages are involved, "
			"also enable fragmentation = yes on both ends.");
	}
}

/**
 * ALERT_RETRANSMIT_SEND_TIMEOUT: DPD or an unanswered request
 */
static void on_retransmit_timeout(private_vpndiag_classifier_t *this,
								  vpndiag_event_t *ev, sa_state_t *st,
								  linked_list_t *out)
{
	vpndiag_record_t *rec;
	const char *xname = exchange_name(ev->exchange);
	bool dpd;

	/* IKEv1 DPD raises it without a packet (exchange < 0) */
	/* with MOBIKE, the original initiator's DPD runs as a MOBIKE task; a
	 * MOBIKE task that sent an address update (charon logs which) is no
	 * liveness check: its give-up is max transmit reached (contract 1) */
	dpd = ev->exchange < 0 ||
		  (((ev->sa.tasks & VPNDIAG_TASK_DPD) ||
			((ev->sa.tasks & VPNDIAG_TASK_MOBIKE) &&
			 !(st && st->mobike_update))) &&
		   ev->sa.state == VPNDIAG_IKE_ESTABLISHED &&
		   (ev->exchange == X_INFORMATIONAL ||
			ev->exchange == X_INFORMATIONAL_V1));
	if (dpd)
	{
		rec = diagnose(ev, st, VPNDIAG_DPD_TIMEOUT, "dpd-no-response", TRUE,
					   out);
		if (rec)
		{
			rec->fix = VPNDIAG_FIX_EITHER;
			rec->retransmits = st ? st->retransmits : 0;
			rec->port = ev->dst_port;
			vpndiag_record_set(&rec->exchange, xname);
			vpndiag_record_setf(&rec->detail, "%s stopped answering liveness "
				"checks (DPD) after %d retransmits: peer down, path lost or "
				"UDP %d filtered", peer_of(ev, st), rec->retransmits,
				ev->dst_port ?: 4500);
		}
		return;
	}
	if (ev->sa.state == VPNDIAG_IKE_CONNECTING &&
		(ev->exchange == X_IKE_AUTH ||
		 (ev->exchange == X_ID_PROT && ev->mid > 0)))
	{
		rec = diagnose(ev, st, VPNDIAG_MAX_TRANSMIT_REACHED, "ike-auth-lost",
					   TRUE, out);
	}
	else if (ev->sa.state == VPNDIAG_IKE_CONNECTING)
	{
		rec = diagnose(ev, st, VPNDIAG_MAX_TRANSMIT_REACHED, "no-response",
					   TRUE, out);
	}
	else
	{
		rec = diagnose(ev, st, VPNDIAG_MAX_TRANSMIT_REACHED,
					   st && st->mobike_update &&
					   (ev->sa.tasks & VPNDIAG_TASK_MOBIKE) ?
					   "mobike-update-unanswered" : "request-unanswered",
					   TRUE, out);
	}
	if (!rec)
	{
		return;
	}
	rec->fix = VPNDIAG_FIX_EITHER;
	rec->retransmits = st ? st->retransmits : 0;
	rec->port = ev->dst_port;
	vpndiag_record_set(&rec->exchange, xname);
	if (streq(rec->cause, "no-response") && this->query &&
		this->query->has_route && ev->sa.remote[0] &&
		!this->query->has_route(this->query, ev->sa.remote))
	{	/* nothing ever left this host */
		vpndiag_record_set(&rec->cause, "no-route-to-peer");
		rec->fix = VPNDIAG_FIX_LOCAL;
		vpndiag_record_setf(&rec->detail, "no local address routes to %s: "
			"%s could not be sent (%d retransmits), the peer was never "
			"reached", peer_of(ev, st), xname ?: "the request",
			rec->retransmits);
		vpndiag_record_set(&rec->remedy, "Give this host a route to the "
			"peer's address ('ip route get <peer>') on the interface that "
			"holds the local address, check that the interface is up and "
			"has its address, and that remote_addrs (right) names the peer's "
			"public address; local_addrs (left) limits the local side.");
	}
	else if (streq(rec->cause, "no-response"))
	{
		vpndiag_record_setf(&rec->detail, "no answer from %s to %s after %d "
			"retransmits: peer down, wrong remote address, or UDP %d "
			"filtered on the way", peer_of(ev, st), xname ?: "the request",
			rec->retransmits, ev->dst_port);
	}
	else if (streq(rec->cause, "ike-auth-lost"))
	{
		ike_auth_lost_detail(this, ev, st, rec, xname);
	}
	else
	{
		vpndiag_record_setf(&rec->detail, "%s did not answer our %s request "
			"after %d retransmits", peer_of(ev, st), xname ?: "IKE",
			rec->retransmits);
	}
}

/**
 * ALERT_HALF_OPEN_TIMEOUT: the initiator never completed the setup
 */
static void on_half_open_timeout(private_vpndiag_classifier_t *this,
								 vpndiag_event_t *ev, sa_state_t *st,
								 linked_list_t *out)
{
	vpndiag_record_t *rec;
	vpndiag_code_t code = VPNDIAG_EXCHANGE_TIMEOUT;
	const char *cause = "half-open-timeout";

	if (st && st->eap_seen)
	{
		code = VPNDIAG_EAP_AUTH_TIMEOUT;
		cause = "eap-timeout";
	}
	else if (ev->sa.tasks & VPNDIAG_TASK_AUTH && ev->sa.version == 1)
	{
		code = VPNDIAG_XAUTH_AUTH_TIMEOUT;
		cause = "xauth-timeout";
	}
	rec = diagnose(ev, st, code, cause, FALSE, out);
	if (rec)
	{
		rec->fix = VPNDIAG_FIX_EITHER;
		vpndiag_record_setf(&rec->detail, "%s started IKE_SA setup but did not "
			"complete it in time%s", peer_of(ev, st), ev->sa.has_peer_cfg ? "" :
			": its IKE_AUTH never arrived (UDP 4500 or IP fragments blocked "
			"towards us, or the initiator gave up)");
	}
}

/**
 * Local delete or shutdown decides what a following down event means
 */
static void set_down(sa_state_t *st, vpndiag_code_t code, const char *cause,
					 bool initiator, const char *detail)
{
	if (st && !st->down_code)
	{
		st->down_code = code;
		st->down_cause = cause;
		st->down_initiator = initiator;
		snprintf(st->down_detail, sizeof(st->down_detail), "%s", detail);
	}
}


/**
 * Add a failure record for a CHILD_SA, once per failed CHILD_SA exchange
 */
static vpndiag_record_t *diagnose_child(vpndiag_event_t *ev, sa_state_t *st,
										vpndiag_code_t code, const char *cause,
										bool initiator, linked_list_t *out)
{
	vpndiag_record_t *rec;

	if (st && st->child_diagnosed)
	{
		return NULL;
	}
	rec = new_record(ev, st, code, cause, initiator);
	if (st)
	{
		st->child_diagnosed = TRUE;
	}
	out->insert_last(out, rec);
	return rec;
}

/**
 * A rule: the peer told us no with this notify
 */
typedef struct {
	uint16_t notify;
	vpndiag_code_t code;
	const char *cause;
	const char *text;
} notify_rule_t;

/**
 * Diagnose from the error notifies of the last message the peer sent,
 * with the first matching rule; low confidence, the peer's log knows more
 */
static void diagnose_notified(vpndiag_event_t *ev, sa_state_t *st,
							  const notify_rule_t *rules, int count,
							  vpndiag_record_t *(*diag)(vpndiag_event_t*,
								sa_state_t*, vpndiag_code_t, const char*, bool,
								linked_list_t*),
							  linked_list_t *out)
{
	vpndiag_record_t *rec;
	int i, j;

	for (i = 0; st && i < st->rx_count; i++)
	{
		for (j = 0; j < count; j++)
		{
			if (rules[j].notify != st->rx_notifies[i])
			{
				continue;
			}
			rec = diag(ev, st, rules[j].code, rules[j].cause,
					   st->sa.initiator, out);
			if (rec)
			{
				rec->fix = VPNDIAG_FIX_EITHER;
				rec->confidence = "low";
				vpndiag_record_set(&rec->exchange,
								   exchange_name(st->rx_exchange));
				vpndiag_record_setf(&rec->detail, "%s answered %s; its log "
					"holds the reason", peer_of(ev, st), rules[j].text);
			}
			return;
		}
	}
}

/**
 * ALERT_PROPOSAL_MISMATCH_CHILD
 */
static void on_child_proposal_mismatch(private_vpndiag_classifier_t *this,
									   vpndiag_event_t *ev, sa_state_t *st,
									   linked_list_t *out)
{
	vpndiag_proposals_t *configured = NULL;
	vpndiag_record_t *rec;
	char types[64] = "";
	u_int mismatch = 0;
	/* IKE_AUTH selects without key exchange methods (a PFS mismatch only
	 * shows in CREATE_CHILD_SA, e.g. at the first rekey) */
	bool rekey = ev->sa.tasks & VPNDIAG_TASK_CHILD_REKEY;
	bool in_auth = (ev->sa.tasks & VPNDIAG_TASK_AUTH) ||
				   (!ev->sa.tasks && ev->sa.state == VPNDIAG_IKE_CONNECTING);

	if (st && has_notify(st->rx_notifies, st->rx_count, N_NO_PROPOSAL_CHOSEN))
	{
		rec = diagnose_child(ev, st, VPNDIAG_P2_PROPOSAL_PFS_MISMATCH,
							 "peer-rejected-proposal", TRUE, out);
		if (!rec)
		{
			return;
		}
		rec->fix = VPNDIAG_FIX_EITHER;
		rec->confidence = "low";
		if (ev->proposals)
		{
			vpndiag_record_set(&rec->offered, ev->proposals->text);
		}
		vpndiag_record_setf(&rec->detail, "%s answered NO_PROPOSAL_CHOSEN to "
			"our %s proposals %s%s; its log tells whether the ESP transforms, "
			"the PFS group or its kernel install failed", peer_of(ev, st),
			rekey ? "CHILD_SA rekeying" : "CHILD_SA", rec->offered ?: "",
			rekey ? " (a PFS group mismatch only shows at the first rekey)" : "");
		return;
	}
	if (this->query && ev->sa.has_peer_cfg)
	{
		configured = this->query->child_proposals(this->query, ev->sa.conn,
								*ev->child ? ev->child : NULL, in_auth);
	}
	if (ev->proposals && configured)
	{
		mismatch = vpndiag_proposals_mismatch(ev->proposals, configured);
		vpndiag_proposals_mismatch_names(mismatch, types, sizeof(types));
	}
	rec = diagnose_child(ev, st, VPNDIAG_P2_PROPOSAL_PFS_MISMATCH,
						 mismatch == VPNDIAG_MISMATCH_KE ? "pfs-mismatch" :
						 "no-common-proposal", ev->sa.initiator, out);
	if (rec)
	{
		vpndiag_proposals_add_mismatch(rec, mismatch);
		if (ev->proposals)
		{
			vpndiag_record_set(&rec->offered, ev->proposals->text);
		}
		if (configured)
		{
			vpndiag_record_set(&rec->accepted, configured->text);
		}
		vpndiag_record_setf(&rec->detail, "%s proposed %s for the CHILD_SA%s, "
			"we accept %s%s%s", peer_of(ev, st), rec->offered ?: "(unknown)",
			rekey ? " (rekeying)" : "", rec->accepted ?: "(unknown)",
			mismatch ? ": no common " : "", types);
	}
	free(configured);
}

static void diagnose_child_rejected(vpndiag_event_t *ev, sa_state_t *st,
									linked_list_t *out);

/**
 * ALERT_TS_MISMATCH (responder): which child config comes closest, and how
 * the received selectors relate to it
 */
static void on_ts_mismatch(private_vpndiag_classifier_t *this,
						   vpndiag_event_t *ev, sa_state_t *st,
						   linked_list_t *out)
{
	vpndiag_child_ts_t children[8];
	vpndiag_record_t *rec;
	linked_list_t *tsi, *tsr;
	const char *relation = NULL, *rel;
	int i, count = 0, best = -1;

	if (st && has_notify(st->rx_notifies, st->rx_count, N_TS_UNACCEPTABLE))
	{	/* strongSwan 6.1+ raises it on the initiator too, when the peer
		 * answered TS_UNACCEPTABLE (lists: ours, or none): the peer's
		 * verdict, as without the alert */
		diagnose_child_rejected(ev, st, out);
		return;
	}
	if (this->query && ev->sa.has_peer_cfg)
	{
		count = this->query->child_ts(this->query, ev->sa.conn, children,
									  countof(children));
	}
	/* on a responder TSi is the peer's side, TSr ours */
	tsi = vpndiag_ts_list_create(&ev->ts[0], TRUE);
	tsr = vpndiag_ts_list_create(&ev->ts[1], TRUE);
	for (i = 0; i < count; i++)
	{
		rel = vpndiag_ts_relation(tsi, tsr, children[i].local_ts,
								  children[i].remote_ts);
		if (rel && (!relation || streq(rel, "reversed")))
		{
			relation = rel;
			best = i;
		}
	}
	DESTROY_OFFSET_IF(tsi, offsetof(traffic_selector_t, destroy));
	DESTROY_OFFSET_IF(tsr, offsetof(traffic_selector_t, destroy));
	vpndiag_child_ts_clear(children, count);
	rec = diagnose_child(ev, st, VPNDIAG_FLOW_MISMATCH,
						 relation && streq(relation, "reversed") ?
						 "reversed-traffic-selectors" : "ts-unacceptable",
						 ev->sa.initiator, out);
	if (!rec)
	{
		return;
	}
	vpndiag_record_setf(&rec->ts_received, "%s === %s", ev->text, ev->text2);
	vpndiag_record_set(&rec->ts_relation, relation);
	if (best >= 0)
	{
		vpndiag_record_set(&rec->child, children[best].name);
		vpndiag_record_set(&rec->ts_local, children[best].local);
		vpndiag_record_set(&rec->ts_remote, children[best].remote);
		vpndiag_record_setf(&rec->detail, "%s proposed traffic selectors %s "
			"(its side) === %s (ours), but child '%s' has local_ts %s and "
			"remote_ts %s: %s", peer_of(ev, st), ev->text, ev->text2,
			children[best].name, children[best].local, children[best].remote,
			streq(relation, "reversed") ? "local and remote are swapped on "
			"one side" : relation);
	}
	else
	{
		vpndiag_record_setf(&rec->detail, "%s proposed traffic selectors %s "
			"=== %s (its side === ours); no child config of ours accepts them",
			peer_of(ev, st), ev->text, ev->text2);
	}
}

/**
 * What an error notify sent by the peer about a CHILD_SA means
 */
static const notify_rule_t child_rejected[] = {
	{ N_TS_UNACCEPTABLE, VPNDIAG_FLOW_MISMATCH, "peer-rejected-ts",
	  "TS_UNACCEPTABLE: its local_ts/remote_ts do not cover ours" },
	{ N_INVALID_SELECTORS, VPNDIAG_FLOW_MISMATCH, "peer-rejected-ts",
	  "INVALID_SELECTORS" },
	{ N_INVALID_ID_INFORMATION, VPNDIAG_FLOW_MISMATCH, "peer-rejected-ts",
	  "INVALID_ID_INFORMATION: its Quick Mode selectors or mode differ" },
	{ N_NO_PROPOSAL_CHOSEN, VPNDIAG_P2_PROPOSAL_PFS_MISMATCH,
	  "peer-rejected-proposal", "NO_PROPOSAL_CHOSEN: no common ESP proposal "
	  "or PFS group, or it failed to install the SA" },
	{ N_INTERNAL_ADDRESS_FAILURE, VPNDIAG_IP_ASSIGN_FAIL, "peer-rejected-vip",
	  "INTERNAL_ADDRESS_FAILURE: it could not assign us a virtual IP" },
	{ N_FAILED_CP_REQUIRED, VPNDIAG_IP_ASSIGN_FAIL, "peer-requires-vip",
	  "FAILED_CP_REQUIRED: it requires us to request a virtual IP" },
	{ N_NO_ADDITIONAL_SAS, VPNDIAG_TUNNEL_LIMIT_REACHED, "peer-no-more-sas",
	  "NO_ADDITIONAL_SAS: it accepts no more CHILD_SAs" },
	{ N_TEMPORARY_FAILURE, VPNDIAG_REKEY_FAIL, "peer-temporary-failure",
	  "TEMPORARY_FAILURE: it is deleting or rekeying that SA" },
	{ N_CHILD_SA_NOT_FOUND, VPNDIAG_REKEY_OLD_SA_NOT_FOUND,
	  "peer-lost-child-sa", "CHILD_SA_NOT_FOUND: it has no such CHILD_SA" },
};

static void diagnose_child_rejected(vpndiag_event_t *ev, sa_state_t *st,
									linked_list_t *out)
{
	diagnose_notified(ev, st, child_rejected, countof(child_rejected),
					  diagnose_child, out);
}

/**
 * The outcome marker of a failed CHILD_SA: diagnose from the peer's notify
 * if nothing did yet, then close the failure
 */
static void on_child_failure_end(private_vpndiag_classifier_t *this,
								 vpndiag_event_t *ev, sa_state_t *st,
								 linked_list_t *out)
{
	if (st && !st->child_diagnosed)
	{
		diagnose_child_rejected(ev, st, out);
	}
	if (st)
	{
		st->child_diagnosed = FALSE;
		st->rx_count = 0;
	}
}

/**
 * Remember why a CHILD_SA is about to go down
 */
static void set_child_down(sa_state_t *st, uint32_t id, vpndiag_code_t code,
						   const char *cause, bool initiator)
{
	int i, free_slot = -1;

	if (!st || !id)
	{
		return;
	}
	for (i = 0; i < VPNDIAG_MAX_CHILD_CAUSES; i++)
	{
		if (st->child_down[i].id == id)
		{
			return;
		}
		if (!st->child_down[i].id && free_slot < 0)
		{
			free_slot = i;
		}
	}
	/* full: reuse the first slot */
	i = free_slot < 0 ? 0 : free_slot;
	st->child_down[i].id = id;
	st->child_down[i].code = code;
	st->child_down[i].cause = cause;
	st->child_down[i].initiator = initiator;
}

static void on_child_updown(private_vpndiag_classifier_t *this,
							vpndiag_event_t *ev, sa_state_t *st,
							linked_list_t *out)
{
	vpndiag_record_t *rec;
	int i;

	if (ev->up)
	{
		if (ev->mode_wanted == 1 && ev->mode_got != 1)
		{	/* IKEv2 falls back to tunnel mode silently */
			rec = new_record(ev, st, VPNDIAG_ENCAP_MODE_MISMATCH,
							 "transport-downgraded", ev->sa.initiator);
			rec->severity = VPNDIAG_SEV_WARNING;
			rec->fix = VPNDIAG_FIX_EITHER;
			vpndiag_record_setf(&rec->detail, "CHILD_SA %s asked for "
				"transport mode but was established in tunnel mode (the "
				"peer is not host-to-host, or its config asks for tunnel)",
				ev->child);
			out->insert_last(out, rec);
		}
		return;
	}
	if (ev->hard_expired)
	{
		rec = new_record(ev, st, VPNDIAG_P2_HARD_EXPIRY, "child-lifetime-expired",
						 TRUE);
		vpndiag_record_setf(&rec->detail, "CHILD_SA %s reached its hard "
			"lifetime before a rekeying replaced it", ev->child);
		out->insert_last(out, rec);
		return;
	}
	for (i = 0; st && i < VPNDIAG_MAX_CHILD_CAUSES; i++)
	{
		if (st->child_down[i].id != ev->child_id)
		{
			continue;
		}
		if (!(st->child_down[i].code == VPNDIAG_MANUAL_OFFLINE &&
			  this->shutdown))
		{
			rec = new_record(ev, st, st->child_down[i].code,
							 st->child_down[i].cause,
							 st->child_down[i].initiator);
			vpndiag_record_setf(&rec->detail, "CHILD_SA %s deleted %s",
				ev->child, st->child_down[i].code == VPNDIAG_PEER_REQUEST ?
				"by the peer" : "by us (swanctl --terminate, vici or another "
				"local action)");
			out->insert_last(out, rec);
		}
		st->child_down[i].id = 0;
		return;
	}
}

static void on_alert(private_vpndiag_classifier_t *this, vpndiag_event_t *ev,
					 sa_state_t *st, linked_list_t *out)
{
	vpndiag_record_t *rec;

	switch (ev->alert)
	{
		case VPNDIAG_ALERT_SHUTDOWN_SIGNAL:
			this->shutdown = TRUE;
			break;
		case VPNDIAG_ALERT_PROPOSAL_MISMATCH_IKE:
			on_ike_proposal_mismatch(this, ev, st, out);
			break;
		case VPNDIAG_ALERT_PEER_AUTH_FAILED:
			on_peer_auth_failed(this, ev, st, out);
			break;
		case VPNDIAG_ALERT_LOCAL_AUTH_FAILED:
			on_local_auth_failed(this, ev, st, out);
			break;
		case VPNDIAG_ALERT_PROPOSAL_MISMATCH_CHILD:
			on_child_proposal_mismatch(this, ev, st, out);
			break;
		case VPNDIAG_ALERT_TS_MISMATCH:
			on_ts_mismatch(this, ev, st, out);
			break;
		case VPNDIAG_ALERT_TS_NARROWED:
			rec = new_record(ev, st, VPNDIAG_NETMASK_MISMATCH, "ts-narrowed",
							 ev->sa.initiator);
			rec->severity = VPNDIAG_SEV_INFO;
			vpndiag_record_setf(&rec->detail, "%s traffic selectors narrowed "
				"to %s", ev->arg ? "local" : "remote", ev->text);
			out->insert_last(out, rec);
			break;
		case VPNDIAG_ALERT_INSTALL_CHILD_SA_FAILED:
		case VPNDIAG_ALERT_INSTALL_CHILD_POLICY_FAILED:
			rec = diagnose_child(ev, st,
						ev->alert == VPNDIAG_ALERT_INSTALL_CHILD_SA_FAILED ?
						VPNDIAG_KERNEL_SA_INSTALL_FAIL : VPNDIAG_KERNEL_POLICY_FAIL,
						ev->alert == VPNDIAG_ALERT_INSTALL_CHILD_SA_FAILED ?
						"kernel-sa-install" : "kernel-policy-install",
						ev->sa.initiator, out);
			if (rec)
			{
				rec->fix = VPNDIAG_FIX_LOCAL;
				vpndiag_record_setf(&rec->detail, "the kernel refused to "
					"install the IPsec %s of CHILD_SA %s%s%s",
					ev->alert == VPNDIAG_ALERT_INSTALL_CHILD_SA_FAILED ?
					"SA" : "policies", ev->child,
					has_fact(st, VPNDIAG_LOG_KERNEL_ERROR) ? ": " : "",
					has_fact(st, VPNDIAG_LOG_KERNEL_ERROR) ? st->log_text : "");
			}
			break;
		case VPNDIAG_ALERT_KEEP_ON_CHILD_SA_FAILURE:
			on_child_failure_end(this, ev, st, out);
			break;
		case VPNDIAG_ALERT_VIP_FAILURE:
			rec = diagnose_child(ev, st, VPNDIAG_IP_ASSIGN_FAIL,
						!*ev->text ? "vip-required" :
						has_fact(st, VPNDIAG_LOG_POOL_FULL) ? "pool-exhausted" :
						"no-address-available", FALSE, out);
			if (rec)
			{
				rec->fix = VPNDIAG_FIX_EITHER;
				if (!*ev->text)
				{
					vpndiag_record_setf(&rec->detail, "%s did not request a "
						"virtual IP the connection requires", peer_of(ev, st));
				}
				else if (has_fact(st, VPNDIAG_LOG_POOL_FULL))
				{
					vpndiag_record_setf(&rec->detail, "no virtual IP for %s "
						"(requested %s): %s", peer_of(ev, st), ev->text,
						st->log_text);
				}
				else
				{
					vpndiag_record_setf(&rec->detail, "no virtual IP for %s "
						"(requested %s): the connection has no pool (pools) "
						"that serves it", peer_of(ev, st), ev->text);
				}
			}
			break;
		case VPNDIAG_ALERT_UNIQUE_KEEP:
			rec = diagnose(ev, st, VPNDIAG_SAME_USER_SA_EXISTS, "unique-keep",
						   FALSE, out);
			if (rec)
			{
				rec->category = VPNDIAG_CAT_NEGOTIATION;
				vpndiag_record_setf(&rec->detail, "rejected a new IKE_SA of "
					"'%s' (%s): one already exists and the uniqueness policy "
					"keeps it", ev->sa.remote_id, peer_of(ev, st));
			}
			break;
		case VPNDIAG_ALERT_UNIQUE_REPLACE:
			set_down(st, VPNDIAG_SAME_USER_SA_EXISTS, "unique-replace", FALSE,
					 "replaced by a new IKE_SA of the same identity (uniqueness "
					 "policy replace)");
			break;
		case VPNDIAG_ALERT_RETRANSMIT_SEND:
			if (st)
			{
				st->retransmits = ev->arg;
			}
			break;
		case VPNDIAG_ALERT_RETRANSMIT_SEND_CLEARED:
			if (st)
			{
				st->retransmits = 0;
			}
			break;
		case VPNDIAG_ALERT_RETRANSMIT_SEND_TIMEOUT:
			on_retransmit_timeout(this, ev, st, out);
			break;
		case VPNDIAG_ALERT_HALF_OPEN_TIMEOUT:
			on_half_open_timeout(this, ev, st, out);
			break;
		case VPNDIAG_ALERT_CERT_EXPIRED:
		case VPNDIAG_ALERT_CERT_REVOKED:
		case VPNDIAG_ALERT_CERT_NO_ISSUER:
		case VPNDIAG_ALERT_CERT_UNTRUSTED_ROOT:
		case VPNDIAG_ALERT_CERT_EXCEEDED_PATH_LEN:
		case VPNDIAG_ALERT_CERT_POLICY_VIOLATION:
		case VPNDIAG_ALERT_CERT_VALIDATION_FAILED:
			/* buffered: fires for candidates although auth may succeed */
			if (st && (!st->cert_alert ||
				st->cert_alert == VPNDIAG_ALERT_CERT_VALIDATION_FAILED))
			{
				st->cert_alert = ev->alert;
				snprintf(st->cert_subject, sizeof(st->cert_subject), "%s",
						 ev->text);
				st->not_before = ev->not_before;
				st->not_after = ev->not_after;
			}
			break;
		case VPNDIAG_ALERT_IKE_SA_EXPIRED:
			/* also raised for ordinary deletes without a hard lifetime */
			if (ev->sa.has_hard_lifetime)
			{
				set_down(st, VPNDIAG_P1_HARD_EXPIRY, "ike-lifetime-expired",
						 TRUE, "the IKE_SA reached its hard lifetime before a "
						 "rekeying or reauthentication replaced it");
			}
			break;
		case VPNDIAG_ALERT_INVALID_IKE_SPI:
			if (!recently_destroyed(this, ev->sa.spi_i, ev->time_ms))
			{
				rec = diagnose(ev, NULL, VPNDIAG_COOKIE_MISMATCH,
							   "unknown-ike-spi", FALSE, out);
				rec->fix = VPNDIAG_FIX_PEER;
				vpndiag_record_setf(&rec->detail, "received an IKE message for "
					"an IKE_SA we do not know (SPI %016llx) from %s: the peer "
					"holds state we lost (restart?) or it is stray traffic",
					(unsigned long long)ev->sa.spi_i, peer_of(ev, NULL));
			}
			break;
		case VPNDIAG_ALERT_PARSE_ERROR_HEADER:
			rec = diagnose(ev, NULL, VPNDIAG_MALFORMED_MESSAGE, "bad-header",
						   FALSE, out);
			rec->fix = VPNDIAG_FIX_PEER;
			vpndiag_record_setf(&rec->detail, "could not parse the IKE header "
								"of a message from %s", peer_of(ev, NULL));
			break;
		case VPNDIAG_ALERT_PARSE_ERROR_BODY:
			if (ev->sa.version == 1 && ev->sa.state == VPNDIAG_IKE_CONNECTING &&
				(ev->exchange == X_ID_PROT ||
				 ev->exchange == X_INFORMATIONAL_V1))
			{	/* IKEv1 Main Mode: undecryptable = different PSK (also the
				 * peer's encrypted error notify about it) */
				rec = diagnose(ev, st, VPNDIAG_AUTH_FAIL, "psk-mismatch",
							   ev->sa.initiator, out);
				if (rec)
				{
					rec->confidence = "medium";
					vpndiag_record_setf(&rec->detail, "could not decrypt an "
						"encrypted IKEv1 %s message from %s during Main Mode: "
						"the pre-shared keys differ",
						exchange_name(ev->exchange), peer_of(ev, st));
				}
				break;
			}
			rec = diagnose(ev, st, ev->arg == ST_NOT_SUPPORTED ?
						   VPNDIAG_CRITICAL_DROP : VPNDIAG_MALFORMED_PAYLOAD,
						   ev->arg == ST_NOT_SUPPORTED ? "unsupported-critical" :
						   "bad-payload", FALSE, out);
			if (rec)
			{
				rec->fix = VPNDIAG_FIX_PEER;
				vpndiag_record_setf(&rec->detail, "could not process a %s "
					"message from %s", exchange_name(ev->exchange) ?: "IKE",
					peer_of(ev, st));
			}
			break;
		case VPNDIAG_ALERT_AUTHORIZATION_FAILED:
			rec = diagnose(ev, st, VPNDIAG_AUTHORIZATION_FAIL,
						   "authorization-denied", ev->sa.initiator, out);
			if (rec)
			{
				rec->fix = VPNDIAG_FIX_LOCAL;
				vpndiag_record_setf(&rec->detail, "an authorization plugin "
					"refused the IKE_SA with %s", peer_of(ev, st));
			}
			break;
		case VPNDIAG_ALERT_PEER_ADDR_FAILED:
			rec = diagnose(ev, st, VPNDIAG_DNS_STATUS_CHANGE,
						   "unresolvable-peer", TRUE, out);
			if (rec)
			{
				rec->fix = VPNDIAG_FIX_LOCAL;
				vpndiag_record_setf(&rec->detail, "the peer's address could "
									"not be resolved");
			}
			break;
		case VPNDIAG_ALERT_RADIUS_NOT_RESPONDING:
			rec = diagnose(ev, st, VPNDIAG_EAP_AUTH_TIMEOUT, "radius-timeout",
						   FALSE, out);
			if (rec)
			{
				rec->fix = VPNDIAG_FIX_LOCAL;
				vpndiag_record_setf(&rec->detail, "the RADIUS server did not "
									"answer");
			}
			break;
		default:
			break;
	}
}

/**
 * What an error notify sent by the peer during setup means
 */
static const notify_rule_t rejected[] = {
	{ N_NO_PROPOSAL_CHOSEN, VPNDIAG_P1_PROPOSAL_MISMATCH,
	  "peer-rejected-proposal", "NO_PROPOSAL_CHOSEN: no common IKE proposal, "
	  "or no IKE config there for our address or IKE version" },
	{ N_AUTHENTICATION_FAILED, VPNDIAG_AUTH_FAIL, "peer-rejected-auth",
	  "AUTHENTICATION_FAILED: pre-shared key, identities, certificate or "
	  "exchange mode (main/aggressive) differ" },
	{ N_INVALID_MAJOR_VERSION, VPNDIAG_UNSUPPORTED_VERSION,
	  "peer-rejected-version", "INVALID_MAJOR_VERSION: the peer does not "
	  "speak our IKE version" },
	{ N_INVALID_SYNTAX, VPNDIAG_MALFORMED_MESSAGE, "peer-rejected-syntax",
	  "INVALID_SYNTAX: the peer could not parse our message" },
	{ N_PAYLOAD_MALFORMED, VPNDIAG_AUTH_FAIL, "peer-rejected-payload",
	  "PAYLOAD_MALFORMED: in IKEv1 Main Mode this usually means the "
	  "pre-shared keys differ" },
	{ N_UNSUPPORTED_CRITICAL_PAYLOAD, VPNDIAG_CRITICAL_DROP,
	  "peer-rejected-critical", "UNSUPPORTED_CRITICAL_PAYLOAD" },
	{ N_INVALID_KE_PAYLOAD, VPNDIAG_INITIATOR_DH_MISMATCH,
	  "peer-requested-other-ke", "INVALID_KE_PAYLOAD: the peer wants a key "
	  "exchange method we cannot offer" },
};

/**
 * The IKE_SA setup failed after the peer sent an error notify
 */
static void diagnose_rejected(vpndiag_event_t *ev, sa_state_t *st,
							  linked_list_t *out)
{
	diagnose_notified(ev, st, rejected, countof(rejected), diagnose, out);
}

/**
 * We refused an IKE_SA_INIT / Main Mode for lack of an IKE config: why?
 */
static void on_no_ike_config(private_vpndiag_classifier_t *this,
							 vpndiag_event_t *ev, sa_state_t *st,
							 linked_list_t *out)
{
	char me[VPNDIAG_HOST_LEN], other[VPNDIAG_HOST_LEN];
	char name[VPNDIAG_NAME_LEN] = "";
	vpndiag_config_query_t *q = this->query;
	vpndiag_record_t *rec;
	int version = ev->sa.version, other_version = version == 1 ? 2 : 1;

	addr_only(ev->sa.local, me, sizeof(me));
	addr_only(ev->sa.remote, other, sizeof(other));

	if (q && q->find_ike_cfg(q, me, other, other_version, name, sizeof(name)))
	{
		rec = diagnose(ev, st, VPNDIAG_VERSION_MISMATCH,
					   version == 1 ? "peer-uses-ikev1" : "peer-uses-ikev2",
					   FALSE, out);
		if (rec)
		{
			vpndiag_record_set(&rec->conn, name);
			vpndiag_record_setf(&rec->detail, "%s initiated with IKEv%d, but "
				"our connection '%s' for %s...%s is IKEv%d only", other,
				version, name, me, other, other_version);
		}
	}
	else if (q && q->find_ike_cfg(q, other, me, 0, name, sizeof(name)))
	{
		rec = diagnose(ev, st, VPNDIAG_PEER_ADDRESS_MISMATCH,
					   "reversed-addresses", FALSE, out);
		if (rec)
		{
			vpndiag_record_set(&rec->conn, name);
			vpndiag_record_setf(&rec->detail, "no IKE config for %s...%s, but "
				"connection '%s' has local and remote addresses the other way "
				"round", me, other, name);
		}
	}
	else if (q && q->find_ike_cfg(q, NULL, other, 0, name, sizeof(name)))
	{
		rec = diagnose(ev, st, VPNDIAG_LOCAL_ADDRESS_MISMATCH,
					   "local-address-mismatch", FALSE, out);
		if (rec)
		{
			rec->fix = VPNDIAG_FIX_EITHER;
			vpndiag_record_set(&rec->conn, name);
			vpndiag_record_setf(&rec->detail, "%s reached us at %s, but "
				"connection '%s' for this peer expects another local address",
				other, me, name);
		}
	}
	else
	{
		rec = diagnose(ev, st, VPNDIAG_PEER_ADDRESS_MISMATCH,
					   "unknown-peer-address", FALSE, out);
		if (rec)
		{
			rec->fix = VPNDIAG_FIX_EITHER;
			vpndiag_record_setf(&rec->detail, "no IKE config for %s...%s: "
				"no connection has %s as remote address", me, other, other);
		}
	}
}

/**
 * We refused an IKEv1 Quick Mode
 */
static void diagnose_v1_qm(vpndiag_event_t *ev, sa_state_t *st,
						   vpndiag_code_t code, const char *cause,
						   bool initiator, linked_list_t *out)
{
	vpndiag_record_t *rec;

	st->child_diagnosed = FALSE;
	rec = diagnose_child(ev, st, code, cause, initiator, out);
	st->child_diagnosed = FALSE;
	if (rec)
	{
		vpndiag_record_setf(&rec->detail, "%s proposed a Quick Mode we "
			"refused: %s", peer_of(ev, st), code == VPNDIAG_FLOW_MISMATCH ?
			"no child config matches its traffic selectors or mode" :
			"no common ESP proposal or PFS group");
	}
}

static void on_message(private_vpndiag_classifier_t *this, vpndiag_event_t *ev,
					   sa_state_t *st, linked_list_t *out)
{
	int i;

	if (!ev->incoming)
	{
		if (!ev->sa.has_ike_cfg && ev->sa.state != VPNDIAG_IKE_ESTABLISHED &&
			has_notify(ev->notifies, ev->notify_count, N_NO_PROPOSAL_CHOSEN))
		{
			on_no_ike_config(this, ev, st, out);
		}
		if (ev->delete_proto == PROTO_IKE && ev->request)
		{
			set_down(st, VPNDIAG_MANUAL_OFFLINE, "local-delete", TRUE,
					 "we deleted the IKE_SA (swanctl --terminate, vici or "
					 "another local action)");
		}
		else if (ev->delete_proto && ev->request && !this->shutdown)
		{
			set_child_down(st, ev->child_id, VPNDIAG_MANUAL_OFFLINE,
						   "local-delete", TRUE);
		}
		/* IKEv1 Quick Mode refused by us: no alert exists */
		if (ev->sa.version == 1 && ev->exchange == X_INFORMATIONAL_V1 &&
			ev->sa.state == VPNDIAG_IKE_ESTABLISHED && st)
		{
			if (has_notify(ev->notifies, ev->notify_count, N_NO_PROPOSAL_CHOSEN))
			{
				diagnose_v1_qm(ev, st, VPNDIAG_P2_PROPOSAL_PFS_MISMATCH,
							   "no-common-proposal", FALSE, out);
			}
			else if (has_notify(ev->notifies, ev->notify_count,
								N_INVALID_ID_INFORMATION))
			{
				diagnose_v1_qm(ev, st, VPNDIAG_FLOW_MISMATCH,
							   "ts-unacceptable", FALSE, out);
			}
		}
		return;
	}
	if (!st)
	{
		return;
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
		for (i = 0; i < ev->notify_count; i++)
		{
			if (ev->notifies[i] == N_INVALID_KE_PAYLOAD)
			{
				st->rx_invalid_ke = TRUE;
			}
		}
		/* IKEv1 raises no alert for errors the peer reports */
		if (ev->sa.version == 1 && ev->exchange == X_INFORMATIONAL_V1)
		{
			if (ev->sa.state == VPNDIAG_IKE_CONNECTING)
			{
				diagnose_rejected(ev, st, out);
			}
			else if (ev->sa.state == VPNDIAG_IKE_ESTABLISHED)
			{	/* Quick Mode */
				st->child_diagnosed = FALSE;
				diagnose_child_rejected(ev, st, out);
				st->child_diagnosed = FALSE;
			}
		}
	}
	if (ev->delete_proto == PROTO_IKE && ev->request)
	{
		set_down(st, VPNDIAG_PEER_REQUEST, "peer-deleted-ike", FALSE,
				 "the peer deleted the IKE_SA");
	}
	else if (ev->delete_proto && ev->request)
	{
		set_child_down(st, ev->child_id, VPNDIAG_PEER_REQUEST,
					   "peer-deleted-child", FALSE);
	}
}

static void on_ike_state(private_vpndiag_classifier_t *this,
						 vpndiag_event_t *ev, sa_state_t *st,
						 linked_list_t *out)
{
	if (!st)
	{
		return;
	}
	switch (ev->new_state)
	{
		case VPNDIAG_IKE_DELETING:
			if (ev->sa.state == VPNDIAG_IKE_ESTABLISHED && !this->shutdown)
			{
				set_down(st, VPNDIAG_MANUAL_OFFLINE, "local-delete", TRUE,
						 "we deleted the IKE_SA (swanctl --terminate, vici or "
						 "another local action)");
			}
			break;
		case VPNDIAG_IKE_DESTROYING:
			if (ev->sa.state == VPNDIAG_IKE_CONNECTING && !st->diagnosed)
			{	/* setup failed without an alert: did the peer say why? */
				diagnose_rejected(ev, st, out);
			}
			drop_state(this, st, ev->time_ms);
			break;
		default:
			break;
	}
}

static void on_ike_updown(private_vpndiag_classifier_t *this,
						  vpndiag_event_t *ev, sa_state_t *st,
						  linked_list_t *out)
{
	vpndiag_record_t *rec;

	if (!st)
	{
		return;
	}
	if (ev->up)
	{	/* a new life for this IKE_SA: forget setup-time facts (but not the
		 * notifies of the IKE_AUTH response, its CHILD_SA follows) */
		st->diagnosed = FALSE;
		st->cert_alert = VPNDIAG_ALERT_OTHER;
		st->logfacts = 0;
		st->retransmits = 0;
		return;
	}
	if (st->down_code && !(st->down_code == VPNDIAG_MANUAL_OFFLINE &&
						   this->shutdown))
	{
		rec = diagnose(ev, st, st->down_code, st->down_cause,
					   st->down_initiator, out);
		if (rec)
		{	/* a code of both categories is a disconnection here */
			rec->category = VPNDIAG_CAT_DISCONNECTION;
			vpndiag_record_setf(&rec->detail, "%s (%s)", st->down_detail,
								peer_of(ev, st));
		}
	}
	st->down_code = VPNDIAG_CODE_NONE;
}

static void on_log(private_vpndiag_classifier_t *this, vpndiag_event_t *ev,
				   sa_state_t *st, linked_list_t *out)
{
	vpndiag_record_t *rec;

	if (ev->logfact == VPNDIAG_LOG_DPD_SENT ||
		ev->logfact == VPNDIAG_LOG_MOBIKE_UPDATE)
	{	/* which kind of liveness-type request is outstanding */
		if (st)
		{
			st->mobike_update = ev->logfact == VPNDIAG_LOG_MOBIKE_UPDATE;
		}
		return;
	}
	if (st)
	{
		st->logfacts |= (1 << ev->logfact);
		snprintf(st->log_text, sizeof(st->log_text), "%s", ev->text);
	}
	if (ev->logfact == VPNDIAG_LOG_XAUTH_FAILED)
	{	/* IKEv1 XAuth raises no alert */
		rec = diagnose(ev, st, VPNDIAG_XAUTH_AUTH_FAIL,
					   strstr(ev->text, "(myself)") ? "peer-rejected-xauth" :
					   "xauth-failed", strstr(ev->text, "(myself)") == NULL,
					   out);
		if (rec)
		{
			rec->fix = strstr(ev->text, "(myself)") ? VPNDIAG_FIX_LOCAL :
													  VPNDIAG_FIX_PEER;
			vpndiag_record_setf(&rec->detail, "%s", ev->text);
		}
	}
}

static void on_rekey(private_vpndiag_classifier_t *this, vpndiag_event_t *ev,
					 sa_state_t *st, linked_list_t *out)
{
	vpndiag_record_t *rec;

	if (ev->type == VPNDIAG_EV_IKE_REKEY)
	{
		uint32_t old_id = ev->arg;
		sa_state_t *old;

		/* a pending cause (e.g. hard expiry raised while rekeying) moves
		 * with the tasks that charon migrates to the new IKE_SA */
		old = this->states->get(this->states, &old_id);
		if (old && old->down_code && st)
		{
			set_down(st, old->down_code, old->down_cause, old->down_initiator,
					 old->down_detail);
			old->down_code = VPNDIAG_CODE_NONE;
		}
		rec = new_record(ev, st, VPNDIAG_P1_SA_REPLACE, "ike-rekeyed",
						 ev->sa.initiator);
		vpndiag_record_setf(&rec->detail, "IKE_SA rekeyed: #%u replaced by "
							"#%u", (u_int)ev->arg, ev->sa.unique_id);
	}
	else
	{
		rec = new_record(ev, st, VPNDIAG_P2_SA_REPLACE, "child-rekeyed",
						 ev->sa.initiator);
		vpndiag_record_setf(&rec->detail, "CHILD_SA %s rekeyed: {%u} replaced "
							"by {%u}", ev->child, (u_int)ev->arg, ev->child_id);
	}
	rec->severity = VPNDIAG_SEV_INFO;
	out->insert_last(out, rec);
}

static void on_ike_update(private_vpndiag_classifier_t *this,
						  vpndiag_event_t *ev, sa_state_t *st,
						  linked_list_t *out)
{
	vpndiag_record_t *rec;

	rec = new_record(ev, st, VPNDIAG_PEER_ADDRESS_SWITCH, "peer-address-changed",
					 FALSE);
	vpndiag_record_setf(&rec->detail, "the peer moved from %s to %s (MOBIKE or "
						"a NAT mapping change)", ev->sa.remote, ev->text);
	out->insert_last(out, rec);
}

METHOD(vpndiag_classifier_t, process, void,
	private_vpndiag_classifier_t *this, vpndiag_event_t *ev,
	linked_list_t *out)
{
	sa_state_t *st;

	/* only events that carry facts create state; others just look it up */
	st = get_state(this, ev, ev->type == VPNDIAG_EV_ALERT ||
				   ev->type == VPNDIAG_EV_MESSAGE || ev->type == VPNDIAG_EV_LOG ||
				   ev->type == VPNDIAG_EV_IKE_REKEY ||
				   (ev->type == VPNDIAG_EV_IKE_STATE &&
					ev->new_state == VPNDIAG_IKE_DELETING));
	switch (ev->type)
	{
		case VPNDIAG_EV_ALERT:
			on_alert(this, ev, st, out);
			break;
		case VPNDIAG_EV_MESSAGE:
			on_message(this, ev, st, out);
			break;
		case VPNDIAG_EV_IKE_STATE:
			on_ike_state(this, ev, st, out);
			break;
		case VPNDIAG_EV_IKE_UPDOWN:
			on_ike_updown(this, ev, st, out);
			break;
		case VPNDIAG_EV_CHILD_UPDOWN:
			on_child_updown(this, ev, st, out);
			break;
		case VPNDIAG_EV_IKE_REKEY:
		case VPNDIAG_EV_CHILD_REKEY:
			on_rekey(this, ev, st, out);
			break;
		case VPNDIAG_EV_IKE_UPDATE:
			on_ike_update(this, ev, st, out);
			break;
		case VPNDIAG_EV_LOG:
			on_log(this, ev, st, out);
			break;
		default:
			break;
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
			.get_sa_count = _get_sa_count,
			.destroy = _destroy,
		},
		.query = query,
		.states = hashtable_create(hash_id, equals_id, 64),
	);
	return &this->public;
}
