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
 * @defgroup vpndiag_cause vpndiag_cause
 * @{ @ingroup vpndiag
 *
 * The causes as data: one table, one row per cause, beside the catalogue.
 *
 * A cause is the finer, machine-readable reason of a record (the public
 * `cause` field in JSON, VICI and syslog structured data). Each row names
 * its slug, the code it belongs to, who usually fixes it, how sure the
 * diagnosis is, a severity or category where they differ from the code's,
 * a one-line meaning and, where the code's remedy does not fit, the remedy
 * to publish instead.
 *
 * Rules emit a cause by its enum (vpndiag_rules.h), never by a string.
 * Slugs are frozen once released (contract section 1): a wrong one is
 * retired (kept with .retired set, never emitted again) and replaced by a
 * new one. tests/unit/cause_ids.golden holds every (code_id, slug) pair.
 *
 * Some rows are variants of the same (code, slug) that differ in fix,
 * confidence or remedy with the evidence (e.g. a PSK mismatch proven by
 * the AUTH payload's MAC versus one inferred from an undecryptable IKEv1
 * message); variants share the meaning of the first row of the pair.
 *
 * Tier: libc only, like the catalogue (tools/vpndiag-gencodes links it).
 */

#ifndef VPNDIAG_CAUSE_H_
#define VPNDIAG_CAUSE_H_

#include "vpndiag_catalogue.h"

typedef enum vpndiag_cause_t vpndiag_cause_t;
typedef enum vpndiag_cause_category_t vpndiag_cause_category_t;
typedef enum vpndiag_confidence_t vpndiag_confidence_t;
typedef struct vpndiag_cause_info_t vpndiag_cause_info_t;

/**
 * All causes, grouped by the rule domain that emits them. The enum name is
 * VPNDIAG_CAUSE_ + the slug in upper case, with a prefix or suffix where
 * several rows share a slug.
 */
enum vpndiag_cause_t {
	VPNDIAG_CAUSE_NONE = 0,

	/* proposals and key exchange (vpndiag_rules_proposal.c) */
	VPNDIAG_CAUSE_P1_NO_COMMON_PROPOSAL,
	VPNDIAG_CAUSE_NO_COMMON_KE_METHOD,
	VPNDIAG_CAUSE_P1_PEER_REJECTED_PROPOSAL,
	VPNDIAG_CAUSE_PEER_REQUESTED_OTHER_KE,
	VPNDIAG_CAUSE_P2_NO_COMMON_PROPOSAL,
	VPNDIAG_CAUSE_PFS_MISMATCH,
	VPNDIAG_CAUSE_P2_PEER_REJECTED_PROPOSAL,
	VPNDIAG_CAUSE_PEER_USES_IKEV1,
	VPNDIAG_CAUSE_PEER_USES_IKEV2,
	VPNDIAG_CAUSE_PEER_REJECTED_VERSION,
	VPNDIAG_CAUSE_REVERSED_ADDRESSES,
	VPNDIAG_CAUSE_LOCAL_ADDRESS_MISMATCH,
	VPNDIAG_CAUSE_UNKNOWN_PEER_ADDRESS,
	VPNDIAG_CAUSE_NO_PEER_ADDRESS,
	VPNDIAG_CAUSE_CHILDLESS_FORCED,
	VPNDIAG_CAUSE_CHILDLESS_REFUSED,
	VPNDIAG_CAUSE_CHILDLESS_UNSUPPORTED,
	VPNDIAG_CAUSE_PEER_REJECTED_CHILDLESS,

	/* authentication, identities, certificates (vpndiag_rules_auth.c) */
	VPNDIAG_CAUSE_PSK_MISMATCH,
	VPNDIAG_CAUSE_PSK_MISMATCH_V1,
	VPNDIAG_CAUSE_PSK_AMBIGUOUS_V1,
	VPNDIAG_CAUSE_PEER_REJECTED_AUTH,
	VPNDIAG_CAUSE_PEER_REJECTED_PAYLOAD,
	VPNDIAG_CAUSE_PEER_AUTH_FAILED,
	VPNDIAG_CAUSE_LOCAL_AUTH_FAILED,
	VPNDIAG_CAUSE_NO_MATCHING_PEER_CONFIG,
	VPNDIAG_CAUSE_IDR_MISMATCH,
	VPNDIAG_CAUSE_NO_LOCAL_CREDENTIAL,
	VPNDIAG_CAUSE_AGGRESSIVE_PSK_DISABLED,
	VPNDIAG_CAUSE_MODE_NOT_ALLOWED,
	VPNDIAG_CAUSE_UNTRUSTED_CA,
	VPNDIAG_CAUSE_UNTRUSTED_CA_NO_KEY,
	VPNDIAG_CAUSE_ID_NOT_IN_CERT,
	VPNDIAG_CAUSE_NO_CERT_RECEIVED,
	VPNDIAG_CAUSE_CERT_EXPIRED,
	VPNDIAG_CAUSE_CERT_EXPIRED_INTERMEDIATE,
	VPNDIAG_CAUSE_CERT_EXPIRED_CA,
	VPNDIAG_CAUSE_CERT_NOT_YET_VALID,
	VPNDIAG_CAUSE_CERT_NOT_YET_VALID_INTERMEDIATE,
	VPNDIAG_CAUSE_CERT_NOT_YET_VALID_CA,
	VPNDIAG_CAUSE_IDENTITY_CONSTRAINT,
	VPNDIAG_CAUSE_CA_CONSTRAINT,
	VPNDIAG_CAUSE_GROUP_CONSTRAINT,
	VPNDIAG_CAUSE_REVOCATION_CONSTRAINT,
	VPNDIAG_CAUSE_PINNED_CERT_CONSTRAINT,
	VPNDIAG_CAUSE_CERT_REVOKED,
	VPNDIAG_CAUSE_CERT_PATH_LENGTH,
	VPNDIAG_CAUSE_CERT_POLICY,
	VPNDIAG_CAUSE_CERT_STATUS_UNKNOWN,
	VPNDIAG_CAUSE_EAP_FAILED,
	VPNDIAG_CAUSE_PEER_REJECTED_EAP,
	VPNDIAG_CAUSE_EAP_TIMEOUT,
	VPNDIAG_CAUSE_RADIUS_TIMEOUT,
	VPNDIAG_CAUSE_XAUTH_FAILED,
	VPNDIAG_CAUSE_PEER_REJECTED_XAUTH,
	VPNDIAG_CAUSE_XAUTH_TIMEOUT,
	VPNDIAG_CAUSE_AUTHORIZATION_DENIED,
	VPNDIAG_CAUSE_UNIQUE_KEEP,

	/* reachability and messages (vpndiag_rules_reach.c) */
	VPNDIAG_CAUSE_NO_RESPONSE,
	VPNDIAG_CAUSE_NO_ROUTE_TO_PEER,
	VPNDIAG_CAUSE_IKE_AUTH_LOST,
	VPNDIAG_CAUSE_IKE_AUTH_LOST_FRAGMENTS,
	VPNDIAG_CAUSE_REQUEST_UNANSWERED,
	VPNDIAG_CAUSE_MOBIKE_UPDATE_UNANSWERED,
	VPNDIAG_CAUSE_DPD_NO_RESPONSE,
	VPNDIAG_CAUSE_HALF_OPEN_TIMEOUT,
	VPNDIAG_CAUSE_FRAGMENTED_TOO_LARGE,
	VPNDIAG_CAUSE_UNRESOLVABLE_PEER,
	VPNDIAG_CAUSE_UNKNOWN_IKE_SPI,
	VPNDIAG_CAUSE_BAD_HEADER,
	VPNDIAG_CAUSE_SHORT_DATAGRAM,
	VPNDIAG_CAUSE_UNKNOWN_EXCHANGE,
	VPNDIAG_CAUSE_BAD_PAYLOAD,
	VPNDIAG_CAUSE_UNSUPPORTED_CRITICAL,
	VPNDIAG_CAUSE_PEER_REJECTED_SYNTAX,
	VPNDIAG_CAUSE_PEER_REJECTED_CRITICAL,
	VPNDIAG_CAUSE_IKE_PORT_IN_USE,

	/* before an IKE_SA exists: charon's refusals, log only
	 * (vpndiag_rules_reach.c, vpndiag_rules_pre_sa()) */
	VPNDIAG_CAUSE_PER_IP_HALF_OPEN_LIMIT,
	VPNDIAG_CAUSE_HALF_OPEN_LIMIT,
	VPNDIAG_CAUSE_JOB_LOAD_LIMIT,
	VPNDIAG_CAUSE_IKESA_LIMIT,
	VPNDIAG_CAUSE_UNSUPPORTED_VERSION_RECEIVED,

	/* CHILD_SAs and traffic selectors (vpndiag_rules_child.c) */
	VPNDIAG_CAUSE_TS_UNACCEPTABLE,
	VPNDIAG_CAUSE_REVERSED_TRAFFIC_SELECTORS,
	VPNDIAG_CAUSE_PEER_REJECTED_TS,
	VPNDIAG_CAUSE_TS_NARROWED,
	VPNDIAG_CAUSE_TRANSPORT_DOWNGRADED,
	VPNDIAG_CAUSE_KERNEL_SA_INSTALL,
	VPNDIAG_CAUSE_KERNEL_POLICY_INSTALL,
	VPNDIAG_CAUSE_VIP_REQUIRED,
	VPNDIAG_CAUSE_POOL_EXHAUSTED,
	VPNDIAG_CAUSE_NO_ADDRESS_AVAILABLE,
	VPNDIAG_CAUSE_PEER_REJECTED_VIP,
	VPNDIAG_CAUSE_PEER_REQUIRES_VIP,
	VPNDIAG_CAUSE_PEER_NO_MORE_SAS,
	VPNDIAG_CAUSE_PEER_TEMPORARY_FAILURE,
	VPNDIAG_CAUSE_PEER_LOST_CHILD_SA,

	/* teardown and replacement (vpndiag_rules_teardown.c) */
	VPNDIAG_CAUSE_LOCAL_DELETE,
	VPNDIAG_CAUSE_PEER_DELETED_IKE,
	VPNDIAG_CAUSE_PEER_DELETED_CHILD,
	VPNDIAG_CAUSE_UNIQUE_REPLACE,
	VPNDIAG_CAUSE_IKE_LIFETIME_EXPIRED,
	VPNDIAG_CAUSE_INITIATOR_NO_REAUTH,
	VPNDIAG_CAUSE_CHILD_LIFETIME_EXPIRED,
	VPNDIAG_CAUSE_IKE_REKEYED,
	VPNDIAG_CAUSE_CHILD_REKEYED,
	VPNDIAG_CAUSE_PEER_ADDRESS_CHANGED,
	VPNDIAG_CAUSE_IKE_REAUTHENTICATED,
	VPNDIAG_CAUSE_PEER_INITIAL_CONTACT,
	VPNDIAG_CAUSE_SHARED_IDENTITY,
	VPNDIAG_CAUSE_CONFIG_UNLOADED,

	/* data plane, sampled (vpndiag_rules_traffic.c) */
	VPNDIAG_CAUSE_NO_INBOUND,
	VPNDIAG_CAUSE_NO_OUTBOUND,
	VPNDIAG_CAUSE_TRAFFIC_RESTORED,

	VPNDIAG_CAUSE_MAX,
};

/**
 * Category of a cause: the code's, or one of the two where a code is
 * listed under both categories.
 */
enum vpndiag_cause_category_t {
	VPNDIAG_CAUSE_CAT_CODE = 0,
	VPNDIAG_CAUSE_CAT_NEGOTIATION,
	VPNDIAG_CAUSE_CAT_DISCONNECTION,
};

/**
 * How sure a diagnosis is.
 */
enum vpndiag_confidence_t {
	/** the facts decide */
	VPNDIAG_CONF_HIGH = 0,
	/** the likeliest reading of the facts, alternatives in the detail */
	VPNDIAG_CONF_MEDIUM,
	/** we only know what the peer said; its log decides */
	VPNDIAG_CONF_LOW,
};

/**
 * One row of the cause table.
 */
struct vpndiag_cause_info_t {
	/** enum value */
	vpndiag_cause_t cause;
	/** public slug, [a-z0-9-], frozen once released */
	const char *id;
	/** the code records of this cause carry */
	vpndiag_code_t code;
	/** who usually has to act */
	vpndiag_fix_t fix;
	/** how sure the diagnosis is */
	vpndiag_confidence_t confidence;
	/** severity, 0 for the code's */
	vpndiag_severity_t severity;
	/** category, VPNDIAG_CAUSE_CAT_CODE for the code's */
	vpndiag_cause_category_t category;
	/** one line: what the cause means */
	const char *meaning;
	/** the remedy to publish instead of the code's, NULL for the code's */
	const char *remedy;
	/** TRUE if retired: never emitted again, the slug never reused */
	bool retired;
};

/**
 * Row of a cause, NULL for VPNDIAG_CAUSE_NONE or out of range.
 */
const vpndiag_cause_info_t *vpndiag_cause_info(vpndiag_cause_t cause);

/**
 * Find the first row with a slug (and code, unless VPNDIAG_CODE_NONE).
 *
 * @return			row, NULL if unknown
 */
const vpndiag_cause_info_t *vpndiag_cause_lookup(const char *id,
												 vpndiag_code_t code);

/**
 * Name of a confidence ("high", "medium", "low").
 */
const char *vpndiag_confidence_name(vpndiag_confidence_t confidence);

/**
 * Whether a row is the first of its (code, slug) pair: the one whose
 * meaning is documented (later rows are variants of it).
 */
bool vpndiag_cause_is_primary(const vpndiag_cause_info_t *info);

#endif /** VPNDIAG_CAUSE_H_ @}*/
