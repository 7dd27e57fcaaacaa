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
 * @defgroup vpndiag_catalogue vpndiag_catalogue
 * @{ @ingroup vpndiag
 *
 * The error taxonomy as data: one table, one row per code.
 *
 * Codes 1..76 are the distinct codes of the seed taxonomy (Table 1 of the
 * troubleshooting document), in the seed's order; their display string is
 * the seed's exact spelling (typo "flow confict" included). Extension codes
 * follow; they describe failures strongSwan reports that no seed code
 * honestly covers. Tier: libc (docs/architecture.md).
 */

#ifndef VPNDIAG_CATALOGUE_H_
#define VPNDIAG_CATALOGUE_H_

#include <stdbool.h>

typedef enum vpndiag_code_t vpndiag_code_t;
typedef enum vpndiag_category_t vpndiag_category_t;
typedef enum vpndiag_severity_t vpndiag_severity_t;
typedef enum vpndiag_taxonomy_t vpndiag_taxonomy_t;
typedef enum vpndiag_produced_t vpndiag_produced_t;
typedef enum vpndiag_fix_t vpndiag_fix_t;
typedef struct vpndiag_code_info_t vpndiag_code_info_t;

/**
 * All codes. The enum name is VPNDIAG_ + the code_id in upper case with '-'
 * replaced by '_'. VPNDIAG_CODE_NONE (0) is "no code".
 */
enum vpndiag_code_t {
	VPNDIAG_CODE_NONE = 0,
	/* negotiation failure */
	VPNDIAG_P1_PROPOSAL_MISMATCH,		/*  1 phase1 proposal mismatch */
	VPNDIAG_P2_PROPOSAL_PFS_MISMATCH,	/*  2 phase2 proposal or pfs mismatch */
	VPNDIAG_RESPONDER_DH_MISMATCH,		/*  3 responder dh mismatch */
	VPNDIAG_INITIATOR_DH_MISMATCH,		/*  4 initiator dh mismatch */
	VPNDIAG_ENCAP_MODE_MISMATCH,		/*  5 encapsulation mode mismatch */
	VPNDIAG_FLOW_MISMATCH,				/*  6 flow mismatch */
	VPNDIAG_VERSION_MISMATCH,			/*  7 version mismatch */
	VPNDIAG_PEER_ADDRESS_MISMATCH,		/*  8 peer address mismatch */
	VPNDIAG_CONFIG_ID_MISMATCH,			/*  9 config ID mismatch */
	VPNDIAG_EXCHANGE_MODE_MISMATCH,		/* 10 exchange mode mismatch */
	VPNDIAG_AUTH_FAIL,					/* 11 authentication fail */
	VPNDIAG_LOCAL_ID_FAIL,				/* 12 construct local ID fail */
	VPNDIAG_REKEY_OLD_SA_NOT_FOUND,		/* 13 rekey no find old sa */
	VPNDIAG_REKEY_FAIL,					/* 14 rekey fail */
	VPNDIAG_FIRST_PACKET_LIMITED,		/* 15 first packet limited */
	VPNDIAG_UNSUPPORTED_VERSION,		/* 16 unsupported version */
	VPNDIAG_MALFORMED_MESSAGE,			/* 17 malformed message */
	VPNDIAG_MALFORMED_PAYLOAD,			/* 18 malformed payload */
	VPNDIAG_CRITICAL_DROP,				/* 19 critical drop */
	VPNDIAG_COOKIE_MISMATCH,			/* 20 cookie mismatch */
	VPNDIAG_INVALID_COOKIE,				/* 21 invalid cookie */
	VPNDIAG_INVALID_LENGTH,				/* 22 invalid length */
	VPNDIAG_UNKNOWN_EXCHANGE_TYPE,		/* 23 unknown exchange type */
	VPNDIAG_SHORT_PACKET,				/* 24 short packet */
	VPNDIAG_UNCRITICAL_DROP,			/* 25 uncritical drop */
	VPNDIAG_ROUTE_LIMIT,				/* 26 route limit */
	VPNDIAG_IP_ASSIGN_FAIL,				/* 27 ip assigned fail */
	VPNDIAG_EAP_AUTH_TIMEOUT,			/* 28 eap authentication timeout */
	VPNDIAG_EAP_AUTH_FAIL,				/* 29 eap authentication fail */
	VPNDIAG_XAUTH_AUTH_FAIL,			/* 30 xauth authentication fail */
	VPNDIAG_XAUTH_AUTH_TIMEOUT,			/* 31 xauth authentication timeout */
	VPNDIAG_LICENSE_LIMITED,			/* 32 license or specification limited */
	VPNDIAG_LOCAL_ADDRESS_MISMATCH,		/* 33 local address mismatch */
	VPNDIAG_PEER_LIMIT_REACHED,			/* 34 dynamic peers number reaches limitation */
	VPNDIAG_TUNNEL_LIMIT_REACHED,		/* 35 ipsec tunnel number reaches limitation */
	VPNDIAG_NETMASK_MISMATCH,			/* 36 netmask mismatch */
	VPNDIAG_FLOW_CONFLICT,				/* 37 flow confict */
	VPNDIAG_PROPOSAL_MISMATCH_SM,		/* 38 proposal mismatch or use sm in ikev2 */
	VPNDIAG_IKEV2_SM_UNSUPPORTED,		/* 39 ikev2 not support sm in ipsec proposal ikev2 */
	VPNDIAG_NO_INTERFACE_POLICY,		/* 40 no policy applied on interface */
	VPNDIAG_NAT_DETECTION_FAIL,			/* 41 nat detection fail */
	VPNDIAG_FRAGMENT_LIMIT,				/* 42 fragment packet limit */
	VPNDIAG_FRAG_REASSEMBLY_TIMEOUT,	/* 43 fragment packet reassemble timeout */
	VPNDIAG_PEER_CERT_EXPIRED,			/* 44 peer cert is expired */
	VPNDIAG_PEER_CERT_REVOKED,			/* 45 peer cert is revoked by CRL */
	VPNDIAG_SAME_USER_SA_EXISTS,		/* 46 sa with same user exists (both categories) */
	VPNDIAG_MAX_TRANSMIT_REACHED,		/* 47 max transmit reached */
	/* connection disconnection */
	VPNDIAG_DPD_TIMEOUT,				/* 48 dpd timeout */
	VPNDIAG_PEER_REQUEST,				/* 49 peer request */
	VPNDIAG_CONFIG_MODIFY_OFFLINE,		/* 50 config modify or manual offline */
	VPNDIAG_P1_HARD_EXPIRY,				/* 51 phase1 hard expiry */
	VPNDIAG_P2_HARD_EXPIRY,				/* 52 phase2 hard expiry */
	VPNDIAG_HEARTBEAT_TIMEOUT,			/* 53 heartbeat timeout */
	VPNDIAG_REAUTH_TIMEOUT,				/* 54 re-auth timeout */
	VPNDIAG_AAA_CUT_USER,				/* 55 aaa cut user */
	VPNDIAG_IP_ADDRESS_SYNC_FAIL,		/* 56 ip address syn failed */
	VPNDIAG_PORT_MISMATCH_EXPIRY,		/* 57 hard expiry triggered by port mismatch */
	VPNDIAG_KICK_OLD_SA_SAME_FLOW,		/* 58 kick old sa with same flow */
	VPNDIAG_CPU_TABLE_UPDATED,			/* 59 cpu table updated */
	VPNDIAG_FLOW_OVERLAP,				/* 60 flow overlap */
	VPNDIAG_SPI_CONFLICT,				/* 61 spi conflict */
	VPNDIAG_ADMIN_DOWN,					/* 62 admin down */
	VPNDIAG_PEER_ADDRESS_SWITCH,		/* 63 peer address switch */
	VPNDIAG_FORWARD_DOWN,				/* 64 forward down */
	VPNDIAG_RESET_SA_BY_USER,			/* 65 reset sa by ike user */
	VPNDIAG_P1_SA_REPLACE,				/* 66 phase1 sa replace */
	VPNDIAG_P2_SA_REPLACE,				/* 67 phase2 sa replace */
	VPNDIAG_MANUAL_OFFLINE,				/* 68 manual offline */
	VPNDIAG_NHRP_NOTIFY,				/* 69 nhrp notify */
	VPNDIAG_BACKUP_DELETE,				/* 70 receive backup delete info */
	VPNDIAG_EAP_DELETE_OLD_SA,			/* 71 eap delete old sa */
	VPNDIAG_INVALID_SPI_NOTIFY,			/* 72 receive invalid spi notify */
	VPNDIAG_DNS_STATUS_CHANGE,			/* 73 dns resolution status change */
	VPNDIAG_IKEV1_DEPENDENT_OFFLINE,	/* 74 ikev1 phase1-phase2 sa dependent offline */
	VPNDIAG_EXCHANGE_TIMEOUT,			/* 75 exchange timeout */
	VPNDIAG_HASH_GENE_ADJUSTED,			/* 76 hash gene adjusted */
	/* extension codes (taxonomy = extension) */
	VPNDIAG_KERNEL_SA_INSTALL_FAIL,		/* kernel sa install fail */
	VPNDIAG_KERNEL_POLICY_FAIL,			/* kernel policy install fail */
	VPNDIAG_AUTHORIZATION_FAIL,			/* authorization fail */
	VPNDIAG_WAITING_FOR_TRAFFIC,		/* waiting for traffic */
	VPNDIAG_ONE_WAY_TRAFFIC,			/* one-way traffic */
	VPNDIAG_IKE_PORT_UNAVAILABLE,		/* ike port unavailable */
	VPNDIAG_CODE_MAX,
};

/** Number of distinct seed codes */
#define VPNDIAG_SEED_CODES 76

/**
 * Category of a record (exactly one per record).
 */
enum vpndiag_category_t {
	VPNDIAG_CAT_NEGOTIATION,		/* "negotiation failure" */
	VPNDIAG_CAT_DISCONNECTION,		/* "connection disconnection" */
};

/**
 * Severity, syslog numbering.
 */
enum vpndiag_severity_t {
	VPNDIAG_SEV_ERR = 3,
	VPNDIAG_SEV_WARNING = 4,
	VPNDIAG_SEV_NOTICE = 5,
	VPNDIAG_SEV_INFO = 6,
};

/**
 * Where a code comes from.
 */
enum vpndiag_taxonomy_t {
	VPNDIAG_TAX_SEED,
	VPNDIAG_TAX_EXTENSION,
};

/**
 * Whether strongSwan can produce a code.
 */
enum vpndiag_produced_t {
	/** charon reveals the condition directly (alert, notify, state) */
	VPNDIAG_PRODUCED_DIRECT,
	/** only an approximation or part of the condition exists in charon */
	VPNDIAG_PRODUCED_PARTIAL,
	/** the concept does not exist in strongSwan: never produced */
	VPNDIAG_PRODUCED_NO,
};

/**
 * Which side usually has to act.
 */
enum vpndiag_fix_t {
	VPNDIAG_FIX_LOCAL,
	VPNDIAG_FIX_PEER,
	VPNDIAG_FIX_EITHER,
};

/**
 * One row of the catalogue.
 */
struct vpndiag_code_info_t {
	/** enum value */
	vpndiag_code_t code;
	/** display string, the seed's exact spelling */
	const char *name;
	/** stable slug, [a-z0-9-], <= 24 characters, frozen once released */
	const char *id;
	/** stable number for the syslog MSGID "VPNDIAG-<n>" */
	int msgid;
	/** category; for "sa with same user exists" the default one */
	vpndiag_category_t category;
	/** TRUE if the seed lists the code under both categories */
	bool both_categories;
	vpndiag_taxonomy_t taxonomy;
	/** default severity of a record with this code */
	vpndiag_severity_t severity;
	vpndiag_produced_t produced;
	/** one line: why strongSwan never produces it (PRODUCED_NO), else NULL */
	const char *why_not;
	/** the seed's description (extension codes: our own) */
	const char *description;
	/** where charon reveals it (hook, alert, notify, log) */
	const char *detection;
	/** what to check, in the order of the seed's Procedure, naming
	 *  swanctl.conf keys and their ipsec.conf equivalents */
	const char *remedy;
	/** who usually has to act */
	vpndiag_fix_t fix;
	/** one line: why vpndiag records no such code although strongSwan
	 *  produces (an approximation of) the condition, NULL if a rule emits
	 *  it; the "reported by vpndiag" column of docs/codes.md, together
	 *  with the tests that proved the others (docs/reported.tsv) */
	const char *unreported;
};

/**
 * Row of a code, NULL for VPNDIAG_CODE_NONE or out of range.
 */
const vpndiag_code_info_t *vpndiag_code_info(vpndiag_code_t code);

/**
 * Find a code by display string, code_id, enum-style alias or known
 * misspelling ("flow conflict"), case-insensitive.
 *
 * @return			row, NULL if unknown
 */
const vpndiag_code_info_t *vpndiag_code_lookup(const char *name);

/**
 * Name of a category ("negotiation failure", "connection disconnection").
 */
const char *vpndiag_category_name(vpndiag_category_t category);

/**
 * syslog name of a severity ("err", "warning", "notice", "info").
 */
const char *vpndiag_severity_name(vpndiag_severity_t severity);

/**
 * Name of a fix side ("local", "peer", "either").
 */
const char *vpndiag_fix_name(vpndiag_fix_t fix);

/**
 * Name of a taxonomy ("seed", "extension").
 */
const char *vpndiag_taxonomy_name(vpndiag_taxonomy_t taxonomy);

/**
 * Name of a produced value ("direct", "partial", "no").
 */
const char *vpndiag_produced_name(vpndiag_produced_t produced);

#endif /** VPNDIAG_CATALOGUE_H_ @}*/
