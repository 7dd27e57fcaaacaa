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
 * @defgroup vpndiag_rules vpndiag_rules
 * @{ @ingroup vpndiag_classifier
 *
 * The classifier's rules, grouped by failure domain, and what they share.
 *
 * vpndiag_classifier.c keeps the per-IKE_SA state and dispatches each event
 * to one handler here; a handler decides on a cause (vpndiag_cause.h) from
 * the event and the state and emits it with one call that fills code,
 * cause, fix, confidence, severity, category and remedy from the cause
 * table and renders the detail. Handlers live in one file per domain:
 *
 *  - vpndiag_rules_proposal.c  IKE/ESP proposals, key exchange, IKE version,
 *                              which IKE config the addresses select
 *  - vpndiag_rules_auth.c      authentication, identities, certificates,
 *                              EAP, XAuth, authorization, uniqueness
 *  - vpndiag_rules_reach.c     retransmits, DPD, half-open, unparsable or
 *                              unknown messages
 *  - vpndiag_rules_child.c     CHILD_SAs: traffic selectors, kernel
 *                              installs, virtual IPs, modes
 *  - vpndiag_rules_teardown.c  deletes, expiries, rekeys, address changes
 *  - vpndiag_rules_notify.c    what an error notify from the peer means
 *  - vpndiag_rules_traffic.c   one-way traffic on installed CHILD_SAs
 *                              (sampled, vpndiag_traffic.h)
 *
 * Tier: core (libstrongswan; libcharon headers for protocol constants
 * only, no libcharon symbols). Runs on the worker thread only.
 */

#ifndef VPNDIAG_RULES_H_
#define VPNDIAG_RULES_H_

#include "vpndiag_classifier.h"
#include "vpndiag_cause.h"
#include "vpndiag_replace.h"

#include <library.h>
#include <eap/eap.h>
#include <crypto/proposal/proposal.h>
#include <encoding/payloads/notify_payload.h>
#include <encoding/payloads/ike_header.h>

typedef struct vpndiag_sa_state_t vpndiag_sa_state_t;
typedef struct vpndiag_rule_ctx_t vpndiag_rule_ctx_t;
typedef struct vpndiag_notify_rule_t vpndiag_notify_rule_t;

/** pending CHILD_SA down causes kept per IKE_SA */
#define VPNDIAG_MAX_CHILD_CAUSES 4

/**
 * What the classifier knows about one IKE_SA.
 */
struct vpndiag_sa_state_t {
	/** IKE_SA unique id */
	uint32_t id;
	/** time of the last event (ms) */
	uint64_t touched;
	/** last known context */
	vpndiag_sa_t sa;
	/** error notifies of the last incoming message that had some */
	uint16_t rx_notifies[VPNDIAG_MAX_NOTIFIES];
	/** number of rx_notifies */
	int rx_count;
	/** exchange type of the message rx_notifies came in */
	int rx_exchange;
	/** the message of rx_notifies carried an AUTH payload (IKEv2) */
	bool rx_auth;
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
	/** subject of the certificate of cert_alert */
	char cert_subject[VPNDIAG_ID_LEN];
	/** its validity (seconds since the epoch), 0 unknown */
	int64_t not_before, not_after;
	/** which certificate of the chain cert_alert names */
	vpndiag_cert_role_t cert_role;
	/** the peer sent a CERT payload during setup */
	bool cert_received;
	/** the last "constraint check failed" line (VPNDIAG_LOG_CONSTRAINT) */
	char constraint[VPNDIAG_TEXT_LEN];
	/** retransmits of the current request */
	int retransmits;
	/** pending cause for the next IKE_SA down event, NONE if none */
	vpndiag_cause_t down_cause;
	/** our role in the exchange of down_cause */
	bool down_initiator;
	/** detail of down_cause */
	char down_detail[VPNDIAG_TEXT_LEN];
	/** a failure record was produced for this IKE_SA */
	bool diagnosed;
	/** the last liveness-type request logged was a MOBIKE address update,
	 *  not a DPD */
	bool mobike_update;
	/** a CHILD_SA failure was diagnosed, until its outcome marker */
	bool child_diagnosed;
	/** errno of the last netlink error logged, 0 none */
	int kernel_errno;
	/** its text as charon logged it */
	char kernel_error[VPNDIAG_NAME_LEN];
	/** pending causes of CHILD_SA down events */
	struct {
		/** CHILD_SA unique id, 0 = free slot */
		uint32_t id;
		/** its cause */
		vpndiag_cause_t cause;
		/** our role in the deleting exchange */
		bool initiator;
	} child_down[VPNDIAG_MAX_CHILD_CAUSES];
};

/**
 * What a handler works on.
 */
struct vpndiag_rule_ctx_t {
	/** the event being classified */
	vpndiag_event_t *ev;
	/** state of its IKE_SA, NULL if it has none */
	vpndiag_sa_state_t *st;
	/** configuration lookups, may be NULL */
	vpndiag_config_query_t *query;
	/** records produced are appended here */
	linked_list_t *out;
	/** charon is shutting down: local deletes are not diagnoses */
	bool shutdown;
	/** facts that span IKE_SAs (replacements), may be NULL */
	vpndiag_replace_t *replace;
};

/* ---- emitting a cause (vpndiag_rules.c) --------------------------------- */

/**
 * How often a cause may be recorded.
 */
typedef enum {
	/** every time the rule fires */
	VPNDIAG_SCOPE_EVERY,
	/** once per IKE_SA, until it comes up again (info records do not
	 *  count) */
	VPNDIAG_SCOPE_IKE_SA,
	/** once per failed CHILD_SA exchange, until its outcome marker
	 *  (vpndiag_rules_child_failure_end()) */
	VPNDIAG_SCOPE_CHILD,
} vpndiag_scope_t;

/**
 * Record a cause within its scope: its row fills code, cause, fix,
 * confidence, severity, category and remedy; the detail is rendered here.
 *
 * @param ctx		the event and its state
 * @param scope		how often the cause may be recorded
 * @param cause		cause to record
 * @param initiator	TRUE if we were the initiator of the failed exchange
 * @param fmt		the detail, printf-style
 * @return			the record (owned by ctx->out), NULL if the scope
 *					already has one
 */
vpndiag_record_t *vpndiag_rule_emit(vpndiag_rule_ctx_t *ctx,
									vpndiag_scope_t scope,
									vpndiag_cause_t cause, bool initiator,
									const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/** Record a cause every time (vpndiag_rule_emit(), VPNDIAG_SCOPE_EVERY) */
#define vpndiag_rule_record(ctx, ...) \
	vpndiag_rule_emit(ctx, VPNDIAG_SCOPE_EVERY, __VA_ARGS__)

/** Record an IKE_SA failure once (vpndiag_rule_emit(), VPNDIAG_SCOPE_IKE_SA) */
#define vpndiag_rule_ike(ctx, ...) \
	vpndiag_rule_emit(ctx, VPNDIAG_SCOPE_IKE_SA, __VA_ARGS__)

/** Record a CHILD_SA failure once (vpndiag_rule_emit(), VPNDIAG_SCOPE_CHILD) */
#define vpndiag_rule_child(ctx, ...) \
	vpndiag_rule_emit(ctx, VPNDIAG_SCOPE_CHILD, __VA_ARGS__)

/* ---- facts and helpers (vpndiag_rules.c) -------------------------------- */

/**
 * Attribute a record to a connection by the packet's addresses, for
 * failures before charon selected a peer config (records of an IKE_SA
 * without one are attributed so when emitted; rules call this for the
 * other configurations they find, e.g. another IKE version).
 *
 * The candidates are the connections whose IKE config matches the
 * addresses (addresses, DNS names, ranges, subnets; %any on the peer's
 * side does not count). With exactly one whose peer side names the peer's
 * address itself, the record gets its name with conn_match "address".
 * Otherwise conn stays null and the detail says why: the one candidate
 * matched only by a range or subnet (flood safety: sources nobody
 * configured stay unattributed), or which connections match.
 *
 * @param rec		the record (its detail rendered)
 * @param local		our address, addr or addr[port], NULL not to compare
 * @param remote	the peer's address, addr or addr[port]
 * @param version	IKE version of the configs to consider, 0 any
 * @param reversed	look for configs with the addresses the other way
 *					round (their local side holds the peer's address)
 * @return			TRUE if attributed
 */
bool vpndiag_rule_attribute(vpndiag_rule_ctx_t *ctx, vpndiag_record_t *rec,
							const char *local, const char *remote,
							int version, bool reversed);

/**
 * Whether a notify type is among a list.
 */
bool vpndiag_has_notify(uint16_t *notifies, int count, uint16_t type);

/**
 * Whether the last incoming message with error notifies carried a type.
 */
bool vpndiag_rx_notify(vpndiag_sa_state_t *st, uint16_t type);

/**
 * Whether a log fact was seen for the IKE_SA (FALSE without state).
 */
bool vpndiag_has_fact(vpndiag_sa_state_t *st, vpndiag_logfact_t fact);

/**
 * The peer's address for details: addr[port], or "the peer".
 */
const char *vpndiag_peer_of(vpndiag_rule_ctx_t *ctx);

/**
 * Name of an exchange type (IKEv2 or IKEv1 numbering), NULL if unknown.
 */
const char *vpndiag_exchange_name(int exchange);

/**
 * Copy "addr[port]" into buf without the port.
 *
 * @return			buf
 */
char *vpndiag_addr_only(const char *hostport, char *buf, size_t len);

/* ---- proposals and key exchange (vpndiag_rules_proposal.c) -------------- */

/** ALERT_PROPOSAL_MISMATCH_IKE */
void vpndiag_rules_ike_proposal_mismatch(vpndiag_rule_ctx_t *ctx);

/** ALERT_PROPOSAL_MISMATCH_CHILD */
void vpndiag_rules_child_proposal_mismatch(vpndiag_rule_ctx_t *ctx);

/** We answered NO_PROPOSAL_CHOSEN without an IKE config: why? */
void vpndiag_rules_no_ike_config(vpndiag_rule_ctx_t *ctx);

/* ---- authentication (vpndiag_rules_auth.c) ------------------------------ */

/** ALERT_PEER_AUTH_FAILED: we refused the peer's authentication */
void vpndiag_rules_peer_auth_failed(vpndiag_rule_ctx_t *ctx);

/** ALERT_LOCAL_AUTH_FAILED: our authentication failed or was refused */
void vpndiag_rules_local_auth_failed(vpndiag_rule_ctx_t *ctx);

/** ALERT_CERT_*: buffered until authentication decides */
void vpndiag_rules_cert_alert(vpndiag_rule_ctx_t *ctx);

/** ALERT_UNIQUE_KEEP */
void vpndiag_rules_unique_keep(vpndiag_rule_ctx_t *ctx);

/** ALERT_AUTHORIZATION_FAILED */
void vpndiag_rules_authorization_failed(vpndiag_rule_ctx_t *ctx);

/** ALERT_RADIUS_NOT_RESPONDING */
void vpndiag_rules_radius_timeout(vpndiag_rule_ctx_t *ctx);

/** log fact VPNDIAG_LOG_XAUTH_FAILED (IKEv1 XAuth raises no alert) */
void vpndiag_rules_xauth_failed(vpndiag_rule_ctx_t *ctx);

/* ---- reachability and messages (vpndiag_rules_reach.c) ------------------ */

/** ALERT_RETRANSMIT_SEND_TIMEOUT: DPD or an unanswered request */
void vpndiag_rules_retransmit_timeout(vpndiag_rule_ctx_t *ctx);

/** ALERT_HALF_OPEN_TIMEOUT */
void vpndiag_rules_half_open_timeout(vpndiag_rule_ctx_t *ctx);

/** ALERT_PEER_ADDR_FAILED */
void vpndiag_rules_peer_addr_failed(vpndiag_rule_ctx_t *ctx);

/** ALERT_INVALID_IKE_SPI of an IKE_SA we did not just destroy */
void vpndiag_rules_unknown_ike_spi(vpndiag_rule_ctx_t *ctx);

/** ALERT_PARSE_ERROR_HEADER */
void vpndiag_rules_parse_error_header(vpndiag_rule_ctx_t *ctx);

/** ALERT_PARSE_ERROR_BODY */
void vpndiag_rules_parse_error_body(vpndiag_rule_ctx_t *ctx);

/**
 * A log fact charon writes before an IKE_SA exists (receiver limits,
 * charon.ikesa_limit, an IKE version we do not speak): a record without
 * a connection.
 *
 * @return			TRUE if the fact is one of them (recorded)
 */
bool vpndiag_rules_pre_sa(vpndiag_rule_ctx_t *ctx);

/* ---- CHILD_SAs (vpndiag_rules_child.c) ---------------------------------- */

/** ALERT_TS_MISMATCH */
void vpndiag_rules_ts_mismatch(vpndiag_rule_ctx_t *ctx);

/** ALERT_TS_NARROWED */
void vpndiag_rules_ts_narrowed(vpndiag_rule_ctx_t *ctx);

/** ALERT_INSTALL_CHILD_SA_FAILED / ALERT_INSTALL_CHILD_POLICY_FAILED */
void vpndiag_rules_install_failed(vpndiag_rule_ctx_t *ctx);

/** ALERT_VIP_FAILURE */
void vpndiag_rules_vip_failure(vpndiag_rule_ctx_t *ctx);

/** ALERT_KEEP_ON_CHILD_SA_FAILURE: the outcome marker of a failed CHILD_SA */
void vpndiag_rules_child_failure_end(vpndiag_rule_ctx_t *ctx);

/** child_updown(up): a CHILD_SA is up, in the mode it asked for? */
void vpndiag_rules_child_up(vpndiag_rule_ctx_t *ctx);

/** We refused an IKEv1 Quick Mode (no alert exists for it) */
void vpndiag_rules_v1_quick_mode_refused(vpndiag_rule_ctx_t *ctx);

/** log fact VPNDIAG_LOG_KERNEL_ERRNO: keep the errno of a netlink error */
void vpndiag_rules_kernel_errno(vpndiag_rule_ctx_t *ctx);

/* ---- teardown and replacement (vpndiag_rules_teardown.c) ---------------- */

/**
 * Remember why the IKE_SA is about to go down (the first cause wins).
 */
void vpndiag_rules_set_down(vpndiag_sa_state_t *st, vpndiag_cause_t cause,
							bool initiator, const char *detail);

/**
 * Remember why a CHILD_SA is about to go down (the first cause wins).
 */
void vpndiag_rules_set_child_down(vpndiag_sa_state_t *st, uint32_t id,
								  vpndiag_cause_t cause, bool initiator);

/** A DELETE we sent (outgoing message) */
void vpndiag_rules_delete_sent(vpndiag_rule_ctx_t *ctx);

/** A DELETE the peer sent (incoming message) */
void vpndiag_rules_delete_received(vpndiag_rule_ctx_t *ctx);

/** ike_state_change to DELETING */
void vpndiag_rules_ike_deleting(vpndiag_rule_ctx_t *ctx);

/** ALERT_UNIQUE_REPLACE */
void vpndiag_rules_unique_replace(vpndiag_rule_ctx_t *ctx);

/** ALERT_IKE_SA_EXPIRED */
void vpndiag_rules_ike_expired(vpndiag_rule_ctx_t *ctx);

/** ike_updown(down): record the pending cause (or park it, see
 *  vpndiag_replace.h) */
void vpndiag_rules_ike_down(vpndiag_rule_ctx_t *ctx);

/** ike_updown(up): does it replace a parked IKE_SA (reauthentication)? */
void vpndiag_rules_ike_up(vpndiag_rule_ctx_t *ctx);

/** A parked down whose wait ended without a replacement (ctx->st is the
 *  parked state) */
void vpndiag_rules_parked_expired(vpndiag_rule_ctx_t *ctx);

/** log fact VPNDIAG_LOG_INITIAL_CONTACT (in the context of the old IKE_SA,
 *  which check_uniqueness() checked out) */
void vpndiag_rules_initial_contact(vpndiag_rule_ctx_t *ctx);

/** log fact VPNDIAG_LOG_CONFIG_CLOSING: ctx->st is the IKE_SA vici closes */
void vpndiag_rules_config_closing(vpndiag_rule_ctx_t *ctx);

/** log fact VPNDIAG_LOG_CONFIG_CLOSING_CHILD (no IKE_SA context) */
void vpndiag_rules_config_closing_child(vpndiag_rule_ctx_t *ctx);

/** VPNDIAG_LOG_IKE_PORT_IN_USE: charon has no socket on an IKE port
 *  (vpndiag_rules_reach.c) */
void vpndiag_rules_ike_port_in_use(vpndiag_rule_ctx_t *ctx);

/** log fact VPNDIAG_LOG_CHILDLESS: our childless setting refused the peer's
 *  way of initiating, or the peer does not support ours
 *  (vpndiag_rules_proposal.c) */
void vpndiag_rules_childless(vpndiag_rule_ctx_t *ctx);

/** child_updown(down): hard expiry or the pending cause */
void vpndiag_rules_child_down(vpndiag_rule_ctx_t *ctx);

/** ike_rekey / child_rekey: the informational replace record */
void vpndiag_rules_rekeyed(vpndiag_rule_ctx_t *ctx);

/** ike_update: the peer's address changed */
void vpndiag_rules_peer_moved(vpndiag_rule_ctx_t *ctx);

/* ---- data plane (vpndiag_rules_traffic.c) ------------------------------- */

/** VPNDIAG_EV_TRAFFIC: a flow turned one-way, or both ways again */
void vpndiag_rules_traffic(vpndiag_rule_ctx_t *ctx);

/* ---- error notifies from the peer (vpndiag_rules_notify.c) -------------- */

/**
 * The IKE_SA setup failed after the peer sent an error notify: diagnose
 * from it (once per IKE_SA).
 */
void vpndiag_rules_ike_rejected(vpndiag_rule_ctx_t *ctx);

/**
 * A CHILD_SA exchange failed after the peer sent an error notify: diagnose
 * from it (once per CHILD_SA exchange).
 */
void vpndiag_rules_child_rejected(vpndiag_rule_ctx_t *ctx);

/**
 * IKEv1: the peer sent an error notify in an INFORMATIONAL_V1 exchange
 * (IKEv1 raises no alert for it).
 */
void vpndiag_rules_v1_notified(vpndiag_rule_ctx_t *ctx);

/* ---- peer profiles (vpndiag_rules_profile.c) ----------------------------- */

/**
 * Refine a record of a rejection by the peer with the connection's peer
 * profile, if it has one and it names what differs.
 *
 * @param rec		the record a notify rule emitted
 * @param notify	the notify the peer sent
 * @param ike		TRUE if it rejected the IKE_SA, FALSE a CHILD_SA
 * @param offered	the proposals we sent, NULL to take the configured ones
 */
void vpndiag_rules_profile(vpndiag_rule_ctx_t *ctx, vpndiag_record_t *rec,
						   uint16_t notify, bool ike,
						   vpndiag_proposals_t *offered);

#endif /** VPNDIAG_RULES_H_ @}*/
