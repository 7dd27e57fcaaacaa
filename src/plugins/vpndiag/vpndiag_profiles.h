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
 * @defgroup vpndiag_profiles vpndiag_profiles
 * @{ @ingroup vpndiag
 *
 * Peer profiles (contract section 8, issue 21): what a cloud VPN gateway or
 * a strongSwan release accepts by default, as data. The table
 * (vpndiag_profile_table.c) has one row per profile and one value per
 * field; every value names its public source (a row of the source table:
 * page URL, product edition, the page's date), and a value nobody could
 * source is NULL ("unknown"): the checks and rules then skip it.
 * docs/profiles.md lists the same values with their sources.
 *
 * Algorithm lists are strongSwan proposal keywords ("aes128,aes256gcm16,
 * modp2048"), resolved with lib->proposal. Tier: core.
 */

#ifndef VPNDIAG_PROFILES_H_
#define VPNDIAG_PROFILES_H_

#include "vpndiag_event.h"

#include <library.h>

typedef struct vpndiag_profile_t vpndiag_profile_t;
typedef struct vpndiag_profile_value_t vpndiag_profile_value_t;
typedef struct vpndiag_profile_source_t vpndiag_profile_source_t;
typedef enum vpndiag_profile_field_t vpndiag_profile_field_t;

/**
 * The fields of a profile.
 */
enum vpndiag_profile_field_t {
	/** accepted IKE major versions: "1,2" or "2" */
	VPNDIAG_PF_IKE_VERSIONS,
	/** accepted IKE algorithms per transform type (keywords) */
	VPNDIAG_PF_IKE_ENCR,
	VPNDIAG_PF_IKE_INTEG,
	VPNDIAG_PF_IKE_PRF,
	VPNDIAG_PF_IKE_KE,
	/** IKE_SA lifetime in seconds: "default min max" (min/max may be -) */
	VPNDIAG_PF_IKE_LIFETIME,
	/** accepted ESP algorithms per transform type (keywords) */
	VPNDIAG_PF_ESP_ENCR,
	VPNDIAG_PF_ESP_INTEG,
	/** PFS: "required" (a KE group in every CHILD_SA proposal),
	 *  "optional" (with or without), "none" (no KE group accepted) */
	VPNDIAG_PF_PFS,
	/** key exchange methods accepted for PFS (keywords) */
	VPNDIAG_PF_PFS_KE,
	/** CHILD_SA lifetime in seconds: "default min max" */
	VPNDIAG_PF_CHILD_LIFETIME,
	/** DPD behaviour, text (shown, not checked) */
	VPNDIAG_PF_DPD,
	/** NAT-T, IKE fragmentation, MOBIKE support, text (shown) */
	VPNDIAG_PF_NAT_T,
	VPNDIAG_PF_FRAGMENTATION,
	VPNDIAG_PF_MOBIKE,
	/** identity types it accepts from us: ipv4, ipv6, fqdn, email, dn,
	 *  keyid, comma separated */
	VPNDIAG_PF_ID_TYPES,
	/** selector style, text: "route-based", "policy-based" or both */
	VPNDIAG_PF_SELECTOR_STYLE,
	/** default traffic selectors, "<ours> === <its>" as CIDRs */
	VPNDIAG_PF_SELECTORS,
	/** identity types it sends as its own by default (as id-types) */
	VPNDIAG_PF_PEER_ID_TYPES,
	VPNDIAG_PF_MAX,
};

/**
 * A value and where it comes from.
 */
struct vpndiag_profile_value_t {
	/** the value, NULL if unknown */
	const char *value;
	/** id of its row in the source table, NULL if none */
	const char *source;
};

/**
 * A row of the source table.
 */
struct vpndiag_profile_source_t {
	/** id the values use */
	const char *id;
	/** page URL (or a file of strongSwan's source tree) */
	const char *url;
	/** product and edition the page describes */
	const char *edition;
	/** the page's date as it states it, or "undated" with why */
	const char *date;
};

/**
 * A row of the profile table.
 */
struct vpndiag_profile_t {
	/** profile name (contract section 8) */
	const char *name;
	/** product and edition */
	const char *edition;
	/** values, by vpndiag_profile_field_t */
	vpndiag_profile_value_t v[VPNDIAG_PF_MAX];
};

/**
 * The n-th profile of the table, NULL past the end.
 */
const vpndiag_profile_t *vpndiag_profile_at(int n);

/**
 * A profile by name, NULL if none.
 */
const vpndiag_profile_t *vpndiag_profile_get(const char *name);

/**
 * The n-th row of the source table, NULL past the end.
 */
const vpndiag_profile_source_t *vpndiag_profile_source_at(int n);

/**
 * A source by id, NULL if none.
 */
const vpndiag_profile_source_t *vpndiag_profile_source(const char *id);

/**
 * The name of a field ("ike-encr", ...).
 */
const char *vpndiag_profile_field_name(vpndiag_profile_field_t field);

/**
 * A profile's value of a field, NULL if unknown.
 */
const char *vpndiag_profile_value(const vpndiag_profile_t *profile,
								  vpndiag_profile_field_t field);

/**
 * Check a profile row: every known value has a source in the source table
 * with URL, edition and date, and every algorithm keyword is one strongSwan
 * knows.
 *
 * @param err		receives what is wrong
 * @return			TRUE if the row is valid
 */
bool vpndiag_profile_validate(const vpndiag_profile_t *profile, char *err,
							  size_t len);

/**
 * The profile assigned to a connection by
 * <ns>.plugins.vpndiag.profiles.<conn> = <profile> (<conn> may be a glob;
 * an exact key wins over globs, globs in the order of the file).
 *
 * @return			profile name as configured, NULL if none
 */
char *vpndiag_profile_assigned(const char *conn, char *buf, size_t len);

/**
 * Whether a keyword list of a profile contains an algorithm.
 *
 * @param type		IKEv2 transform type (1 encr, 2 prf, 3 integ, 4 ke)
 * @return			TRUE if the list has the algorithm (with key size)
 */
bool vpndiag_profile_has_alg(const char *list, uint16_t type, uint16_t alg,
							 uint16_t keysize);

/**
 * Compare proposals we offer with a profile's accepted set, per transform
 * type (IKE: encr, integ, prf, ke; ESP: encr, integ, and the KE group as
 * the profile's PFS rules say). A type is compared only if we offer it and
 * the profile's value is known.
 *
 * @param ike		TRUE for IKE proposals, FALSE for ESP
 * @param types		VPNDIAG_MISMATCH_* bits of the types to compare, 0 all
 * @param ours		our proposals
 * @param detail	receives "encr: we offer X; <profile> accepts Y; ..."
 * @return			VPNDIAG_MISMATCH_* bits of the types without overlap
 */
u_int vpndiag_profile_compare(const vpndiag_profile_t *profile, bool ike,
							  u_int types, vpndiag_proposals_t *ours,
							  char *detail, size_t len);

/**
 * Parse a lifetime value "default min max" (- for none).
 *
 * @return			FALSE if unknown or malformed
 */
bool vpndiag_profile_lifetime(const vpndiag_profile_t *profile,
							  vpndiag_profile_field_t field, uint64_t *def,
							  uint64_t *min, uint64_t *max);

/**
 * The profile's name of an identity type (ipv4, fqdn, ...), NULL if it has
 * none.
 */
const char *vpndiag_profile_id_type_name(int id_type);

/**
 * Whether a profile accepts an IKE major version (TRUE if unknown).
 *
 * @param version	1 or 2
 */
bool vpndiag_profile_accepts_version(const vpndiag_profile_t *profile,
									 int version);

/**
 * Whether a comma separated list holds a word.
 */
bool vpndiag_profile_list_has(const char *list, const char *word);

#endif /** VPNDIAG_PROFILES_H_ @}*/
