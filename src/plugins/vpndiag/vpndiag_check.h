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
 * @defgroup vpndiag_check vpndiag_check
 * @{ @ingroup vpndiag
 *
 * Preflight (contract section 8): checks of charon's loaded configuration
 * and credentials that name what will fail before it fails. Each check is a
 * row of the check table (stable slug, severity, the setting as swanctl key
 * and ipsec.conf name, the remedy with the command that applies it) and
 * one small function: per connection in vpndiag_check_conn.c (settings and
 * algorithms) and vpndiag_check_cred.c (secrets, certificates, addresses),
 * between connections in vpndiag_check_cross.c.
 * What the checks ask of the running daemon (loaded crypto plugins,
 * credential sets, the kernel's addresses and routes) goes through
 * vpndiag_check_env_t: vpndiag_check_env.c answers it from charon, the unit
 * tests from a fake. The checks read real peer_cfg_t/child_cfg_t/
 * auth_cfg_t objects and never change them.
 * Tier: config (libstrongswan and libcharon's config objects, no daemon).
 */

#ifndef VPNDIAG_CHECK_H_
#define VPNDIAG_CHECK_H_

#include <library.h>
#include <config/peer_cfg.h>
#include <credentials/certificates/certificate.h>

typedef struct vpndiag_check_env_t vpndiag_check_env_t;
typedef struct vpndiag_check_info_t vpndiag_check_info_t;
typedef struct vpndiag_finding_t vpndiag_finding_t;
typedef struct vpndiag_check_ctx_t vpndiag_check_ctx_t;
typedef enum vpndiag_check_id_t vpndiag_check_id_t;
typedef enum vpndiag_check_severity_t vpndiag_check_severity_t;

/**
 * Severity of a finding (contract section 8).
 */
enum vpndiag_check_severity_t {
	/** fails as configured */
	VPNDIAG_CHECK_ERROR,
	/** fails later or sometimes */
	VPNDIAG_CHECK_WARNING,
	/** worth knowing */
	VPNDIAG_CHECK_NOTE,
};

/**
 * The checks, one row each in the check table (vpndiag_check.c).
 * Their slugs are public and frozen like the cause slugs.
 */
enum vpndiag_check_id_t {
	/* algorithms (vpndiag_check_conn.c) */
	VPNDIAG_CHECK_WEAK_ALGORITHM,
	VPNDIAG_CHECK_ALGORITHM_UNAVAILABLE,
	/* settings (vpndiag_check_conn.c) */
	VPNDIAG_CHECK_AGGRESSIVE_PSK,
	VPNDIAG_CHECK_NOTHING_INITIATES,
	VPNDIAG_CHECK_RESTART_SINGLE_TRY,
	VPNDIAG_CHECK_UNIQUE_KEEP_ANY,
	VPNDIAG_CHECK_FRAGMENTATION_OFF,
	/* credentials and addresses (vpndiag_check_cred.c) */
	VPNDIAG_CHECK_PSK_MISSING,
	VPNDIAG_CHECK_CERT_MISSING,
	VPNDIAG_CHECK_KEY_MISSING,
	VPNDIAG_CHECK_CERT_EXPIRED,
	VPNDIAG_CHECK_CERT_EXPIRING,
	VPNDIAG_CHECK_CERT_ID_MISMATCH,
	VPNDIAG_CHECK_CA_MISSING,
	VPNDIAG_CHECK_LOCAL_ADDR_NOT_LOCAL,
	VPNDIAG_CHECK_NO_ROUTE_TO_PEER,
	/* between connections (vpndiag_check_cross.c) */
	VPNDIAG_CHECK_TS_OVERLAP,
	VPNDIAG_CHECK_TS_CONFLICT,
	VPNDIAG_CHECK_DUPLICATE_IDENTITY,
	/* against the connection's peer profile (vpndiag_check_profile.c) */
	VPNDIAG_CHECK_PROFILE_UNKNOWN,
	VPNDIAG_CHECK_PROFILE_IKE_VERSION,
	VPNDIAG_CHECK_PROFILE_IKE_PROPOSAL,
	VPNDIAG_CHECK_PROFILE_ESP_PROPOSAL,
	VPNDIAG_CHECK_PROFILE_PFS,
	VPNDIAG_CHECK_PROFILE_LIFETIME,
	VPNDIAG_CHECK_PROFILE_IDENTITY,
	VPNDIAG_CHECK_PROFILE_SELECTORS,
	VPNDIAG_CHECK_PROFILE_PEER_IDENTITY,
	VPNDIAG_CHECK_MAX,
};

/**
 * A row of the check table.
 */
struct vpndiag_check_info_t {
	/** stable slug, [a-z0-9-] */
	const char *slug;
	/** severity of its findings */
	vpndiag_check_severity_t severity;
	/** swanctl.conf key below connections.<conn> ("<child>" stands for
	 *  the child's name), or a section of its own (secrets); "a|b": a for
	 *  a finding about the connection, b for one about a child */
	const char *setting;
	/** the ipsec.conf name of the same setting (or "ipsec.secrets: ..."),
	 *  "a|b" likewise */
	const char *legacy;
	/** seed code a failure of this kind shows as, NULL if none */
	const char *code;
	/** what to change, and the command that applies it */
	const char *remedy;
};

/**
 * One finding. Every key of the VICI event (vpndiag_check_cmd.c) is a field
 * here or of the row; a later kind of finding (e.g. a comparison with a peer
 * profile, issue 21) adds its fields here and its keys to the event, the
 * existing keys keep their meaning.
 */
struct vpndiag_finding_t {
	/** its check's row */
	const vpndiag_check_info_t *info;
	/** connection (peer config) name */
	char *conn;
	/** child config name, NULL if the finding is about the connection */
	char *child;
	/** one human sentence */
	char *detail;
	/** the setting, rendered with the connection's and child's names */
	char *setting;
	/** the remedy, rendered likewise */
	char *remedy;
	/** the peer profile compared with, NULL if none */
	char *profile;
};

/**
 * What the checks ask of the running daemon.
 */
struct vpndiag_check_env_t {

	/**
	 * Whether the loaded crypto plugins provide an algorithm.
	 *
	 * @param type		ENCRYPTION_ALGORITHM, INTEGRITY_ALGORITHM,
	 *					PSEUDO_RANDOM_FUNCTION or KEY_EXCHANGE_METHOD
	 */
	bool (*algorithm_available)(vpndiag_check_env_t *this,
								transform_type_t type, uint16_t alg);

	/**
	 * Whether an address is configured on a local interface.
	 */
	bool (*is_local)(vpndiag_check_env_t *this, host_t *host);

	/**
	 * Whether a route reaches dst (from src, if not NULL).
	 */
	bool (*has_route)(vpndiag_check_env_t *this, host_t *dst, host_t *src);

	/**
	 * Whether an IKE pre-shared key exists for the identities (either NULL
	 * for any), as charon looks it up.
	 */
	bool (*has_shared_key)(vpndiag_check_env_t *this, identification_t *me,
						   identification_t *other);

	/**
	 * Find a certificate of ours by its subject.
	 *
	 * @return			a reference, NULL if none
	 */
	certificate_t *(*get_cert)(vpndiag_check_env_t *this,
							   identification_t *id);

	/**
	 * Whether the private key of a certificate is loaded.
	 */
	bool (*has_private_key)(vpndiag_check_env_t *this, certificate_t *cert);

	/**
	 * Whether a trusted CA certificate with this subject is loaded.
	 */
	bool (*has_ca)(vpndiag_check_env_t *this, identification_t *subject);

	/**
	 * The current time (seconds since the epoch).
	 */
	time_t (*now)(vpndiag_check_env_t *this);
};

/**
 * State of one run, passed to every check.
 */
struct vpndiag_check_ctx_t {
	/** the daemon */
	vpndiag_check_env_t *env;
	/** findings so far, vpndiag_finding_t */
	linked_list_t *findings;
};

/** a certificate expiring within this many days is a warning */
#define VPNDIAG_CHECK_EXPIRY_DAYS 30

/**
 * A check of one connection.
 */
typedef void (*vpndiag_conn_check_t)(vpndiag_check_ctx_t *ctx,
									 peer_cfg_t *peer_cfg);

/**
 * A check between connections.
 *
 * @param peer_cfgs		all loaded peer_cfg_t
 */
typedef void (*vpndiag_cross_check_t)(vpndiag_check_ctx_t *ctx,
									  linked_list_t *peer_cfgs);

/**
 * The check table's row of a check.
 */
const vpndiag_check_info_t *vpndiag_check_info(vpndiag_check_id_t id);

/**
 * The name of a severity ("error", "warning", "note").
 */
const char *vpndiag_check_severity_name(vpndiag_check_severity_t severity);

/**
 * Add a finding (called by the checks).
 *
 * @param conn		connection name
 * @param child		child name, NULL for the connection
 * @param fmt		detail, printf with strongSwan's hooks (%H, %Y, %R)
 */
void vpndiag_check_add(vpndiag_check_ctx_t *ctx, vpndiag_check_id_t id,
					   char *conn, char *child, char *fmt, ...);

/**
 * Run all checks.
 *
 * @param env		the daemon
 * @param peer_cfgs	the loaded connections (peer_cfg_t), not changed
 * @param conn		only findings of this connection, NULL for all
 * @return			findings (vpndiag_finding_t), errors first, each
 *					severity in the order of the connections
 */
linked_list_t *vpndiag_check_run(vpndiag_check_env_t *env,
								 linked_list_t *peer_cfgs, const char *conn);

/**
 * Whether a connection uses IKEv1 Aggressive Mode.
 */
bool vpndiag_check_aggressive(peer_cfg_t *peer_cfg);

/**
 * Whether remote_addrs names one peer (one address or a DNS name, not a
 * list, subnet, range or %any).
 */
bool vpndiag_check_single_peer(char *addrs);

/**
 * Whether remote_addrs accepts any peer (%any, 0.0.0.0/0, ::/0).
 */
bool vpndiag_check_any_peer(char *addrs);

/**
 * Whether some local or remote authentication round uses a class.
 */
bool vpndiag_check_auth_class(peer_cfg_t *peer_cfg, bool local,
							  auth_class_t class);

/**
 * The first authentication round of a side with a class (AUTH_CLASS_ANY:
 * the first round), NULL if none.
 */
auth_cfg_t *vpndiag_check_get_round(peer_cfg_t *peer_cfg, bool local,
									auth_class_t class);

/**
 * The identity of an authentication round (auth may be NULL); if none or
 * %any, the one address of addrs (charon's default identity), else NULL.
 *
 * @return			a clone or NULL
 */
identification_t *vpndiag_check_round_id(auth_cfg_t *auth, char *addrs);

/**
 * Destroy a finding.
 */
void vpndiag_finding_destroy(vpndiag_finding_t *finding);

/* the checks of the three files, in the order they run */
extern vpndiag_conn_check_t vpndiag_conn_checks[];
extern vpndiag_conn_check_t vpndiag_cred_checks[];
extern vpndiag_cross_check_t vpndiag_cross_checks[];
extern vpndiag_conn_check_t vpndiag_profile_checks[];

#endif /** VPNDIAG_CHECK_H_ @}*/
