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

#include "vpndiag_catalogue.h"

#include <stddef.h>
#include <string.h>
#include <strings.h>

/**
 * The catalogue, indexed by vpndiag_code_t.
 *
 * Seed codes: name and description are the seed's Table 1 verbatim
 * (including the typo "flow confict"), msgid is the code's position among
 * the seed's distinct codes. Extension codes use msgids from 101.
 *
 * produced/why_not/detection follow the taxonomy map (strongSwan 5.9.8,
 * 6.0.x differences where they matter); the seed's "not applicable" rows are
 * PRODUCED_NO. Remedies follow the order of the seed's Procedure (gateway
 * addresses, IKE/IPsec policy, PSK, traffic selectors, security
 * groups/ACLs) and name swanctl.conf keys with their ipsec.conf equivalents
 * in parentheses.
 *
 * Severity: failures are err; degraded but working (narrowing, a rekey that
 * is retried, duplicates) warning; expected or administrative teardown
 * notice; routine events (replacements, roaming, waiting) info.
 *
 * The id (code_id) and msgid of a row are frozen once released, see
 * tests/unit/code_ids.golden.
 */
static const vpndiag_code_info_t codes[VPNDIAG_CODE_MAX] = {
	/* seed codes, Table 1 of the seed document, in its order */
	[VPNDIAG_P1_PROPOSAL_MISMATCH] = {
		.code = VPNDIAG_P1_PROPOSAL_MISMATCH,
		.name = "phase1 proposal mismatch",
		.id = "p1-proposal-mismatch",
		.msgid = 1,
		.category = VPNDIAG_CAT_NEGOTIATION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_ERR,
		.produced = VPNDIAG_PRODUCED_DIRECT,
		.description = "IKE proposal parameters on both ends do not match.",
		.detection = "ALERT_PROPOSAL_MISMATCH_IKE (responder: received "
			"proposals; initiator: NO_PROPOSAL_CHOSEN notify, list = own "
			"proposals); IKEv1 Main/Aggressive Mode: 'no proposal found' and "
			"NO_PROPOSAL_CHOSEN notify only (message hook)",
		.remedy = "Read the responder's log first: its 'received "
			"proposals:' and 'configured proposals:' lines show both sides. "
			"Rule out reversed gateway addresses (local_addrs and "
			"remote_addrs on both ends), since a responder without a "
			"matching config also answers NO_PROPOSAL_CHOSEN; then make "
			"proposals consistent with the peer's IKE policy (encryption, "
			"integrity, PRF, DH group) and the IKE version (version); "
			"strongSwan adds its defaults only if proposals contains "
			"'default'. An algorithm the crypto backend lacks also looks "
			"like a mismatch: 6.0 builds use the openssl plugin instead of "
			"aes, sha2 and gmp, check swanctl --list-algs. Legacy ipsec.conf "
			"(5.x stroke): left, right, ike= (no trailing '!'), keyexchange. "
			"Then swanctl --load-conns.",
		.fix = VPNDIAG_FIX_EITHER,
	},
	[VPNDIAG_P2_PROPOSAL_PFS_MISMATCH] = {
		.code = VPNDIAG_P2_PROPOSAL_PFS_MISMATCH,
		.name = "phase2 proposal or pfs mismatch",
		.id = "p2-proposal-pfs-mismatch",
		.msgid = 2,
		.category = VPNDIAG_CAT_NEGOTIATION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_ERR,
		.produced = VPNDIAG_PRODUCED_DIRECT,
		.description = "IPsec proposal parameters, PFS algorithms, or security "
			"ACLs on both ends do not match.",
		.detection = "ALERT_PROPOSAL_MISMATCH_CHILD (responder: received "
			"proposals; initiator: NO_PROPOSAL_CHOSEN notify) then "
			"ALERT_KEEP_ON_CHILD_SA_FAILURE; a PFS group mismatch only fails "
			"in CREATE_CHILD_SA (first rekey), also as INVALID_KE_PAYLOAD; "
			"IKEv1 Quick Mode: NO_PROPOSAL_CHOSEN notify only",
		.remedy = "Compare esp_proposals (or ah_proposals) with the peer's: "
			"encryption, integrity and the PFS key exchange group, and "
			"local_ts/remote_ts. With IKEv2 a PFS mismatch does not break "
			"IKE_AUTH, whose CHILD_SA uses the IKE keys, and only fails at "
			"the first CHILD_SA rekey, about rekey_time after the tunnel "
			"came up; IKEv1 Quick Mode fails at once. Interop fix: make PFS "
			"optional with the none keyword (esp_proposals = "
			"aes256-sha256-modp2048-none) or a second proposal without a "
			"group (aes256-sha256-modp2048,aes256-sha256), as the 6.0.2 "
			"default ESP proposals do. A peer whose kernel could not install "
			"the SA also answers NO_PROPOSAL_CHOSEN: read its log. Legacy "
			"ipsec.conf (5.x stroke): esp=, ah=, leftsubnet, rightsubnet. "
			"Then swanctl --load-conns.",
		.fix = VPNDIAG_FIX_EITHER,
	},
	[VPNDIAG_RESPONDER_DH_MISMATCH] = {
		.code = VPNDIAG_RESPONDER_DH_MISMATCH,
		.name = "responder dh mismatch",
		.id = "responder-dh-mismatch",
		.msgid = 3,
		.category = VPNDIAG_CAT_NEGOTIATION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_ERR,
		.produced = VPNDIAG_PRODUCED_DIRECT,
		.description = "The DH algorithm of the responder does not match that "
			"of the initiator.",
		.detection = "Responder: 'DH group X unacceptable, requesting Y' and "
			"INVALID_KE_PAYLOAD (or NO_PROPOSAL_CHOSEN if no proposal has a "
			"common group) sent in IKE_SA_INIT or CREATE_CHILD_SA (outgoing "
			"message hook); IKEv1: INVALID_KEY_INFORMATION",
		.remedy = "The initiator's key exchange (DH/ECP) group is not one "
			"the responder accepts: compare the groups in proposals and, for "
			"PFS, in esp_proposals on both ends and configure at least one "
			"common group, ideally as the initiator's first choice to save a "
			"round trip; with 6.x additional key exchanges (ke1_mlkem768, "
			"...) both ends must list the same ones. At a CHILD_SA rekey a "
			"6.0.4 responder answers NO_PROPOSAL_CHOSEN instead of "
			"INVALID_KE_PAYLOAD to a group mismatch. Legacy ipsec.conf (5.x "
			"stroke): ike=, esp=. Then swanctl --load-conns.",
		.fix = VPNDIAG_FIX_EITHER,
	},
	[VPNDIAG_INITIATOR_DH_MISMATCH] = {
		.code = VPNDIAG_INITIATOR_DH_MISMATCH,
		.name = "initiator dh mismatch",
		.id = "initiator-dh-mismatch",
		.msgid = 4,
		.category = VPNDIAG_CAT_NEGOTIATION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_ERR,
		.produced = VPNDIAG_PRODUCED_DIRECT,
		.description = "The DH algorithm of the initiator does not match that "
			"of the responder.",
		.detection = "Initiator: received INVALID_KE_PAYLOAD ('peer didn't "
			"accept DH group X, it requested Y') for a group not in its "
			"proposals, 'requested DH group X not supported' (6.x: 'key "
			"exchange method') (listed but no "
			"loaded plugin implements it), 'giving up after 5 retries' or, "
			"for a CHILD_SA, 'already retried with DH group'; IKEv1: "
			"INVALID_KEY_INFORMATION",
		.remedy = "The responder asked for a key exchange (DH) group the "
			"initiator does not offer or cannot compute: add the group named "
			"in the INVALID_KE_PAYLOAD to proposals or, for PFS, "
			"esp_proposals here; if charon logged 'requested DH group ... "
			"not supported' (6.x: 'requested key exchange method ... not "
			"supported'), load a plugin that implements it (ecp groups: "
			"openssl; x25519: curve25519 or openssl; x448: openssl; modp: gmp "
			"or openssl) or remove the group from the proposals; or change the "
			"peer's policy so that both ends list the same group (with 6.x "
			"also the same additional key exchanges, "
			"ke1_...). Legacy ipsec.conf (5.x stroke): ike=, esp=. Then "
			"swanctl --load-conns.",
		.fix = VPNDIAG_FIX_EITHER,
	},
	[VPNDIAG_ENCAP_MODE_MISMATCH] = {
		.code = VPNDIAG_ENCAP_MODE_MISMATCH,
		.name = "encapsulation mode mismatch",
		.id = "encap-mode-mismatch",
		.msgid = 5,
		.category = VPNDIAG_CAT_NEGOTIATION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_ERR,
		.produced = VPNDIAG_PRODUCED_PARTIAL,
		.description = "Encapsulation modes on both ends do not match.",
		.detection = "Initiator: 'transport mode requested by responder is "
			"unacceptable' then ALERT_KEEP_ON_CHILD_SA_FAILURE; an IKEv2 "
			"responder silently falls back to tunnel mode (vpndiag compares "
			"the CHILD_SA's mode with its config at child_updown); IKEv1 "
			"responder: INVALID_ID_INFORMATION",
		.remedy = "Configure the same mode on both ends: mode = "
			"tunnel|transport in the child; transport mode only works "
			"host-to-host, so local_ts/remote_ts must then be the gateway "
			"addresses, and behind NAT the peer must support "
			"UDP-encapsulated transport mode. Legacy ipsec.conf (5.x "
			"stroke): type=tunnel|transport, leftsubnet, rightsubnet. Then "
			"swanctl --load-conns.",
		.fix = VPNDIAG_FIX_EITHER,
	},
	[VPNDIAG_FLOW_MISMATCH] = {
		.code = VPNDIAG_FLOW_MISMATCH,
		.name = "flow mismatch",
		.id = "flow-mismatch",
		.msgid = 6,
		.category = VPNDIAG_CAT_NEGOTIATION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_ERR,
		.produced = VPNDIAG_PRODUCED_DIRECT,
		.description = "Security ACLs on both sides do not match.",
		.detection = "ALERT_TS_MISMATCH (responder: received TSi/TSr, 'traffic "
			"selectors ... unacceptable', TS_UNACCEPTABLE sent); initiator: "
			"TS_UNACCEPTABLE/INVALID_SELECTORS notify then "
			"ALERT_KEEP_ON_CHILD_SA_FAILURE (strongSwan 6: also "
			"ALERT_TS_MISMATCH); IKEv1: INVALID_ID_INFORMATION",
		.remedy = "Make the traffic selectors mirror images, not reversed: "
			"local_ts here must equal the peer's remote subnet and remote_ts "
			"its local subnet, including protocol/port restrictions "
			"([proto/port]); with IKEv1 only the first subnet of a list is "
			"negotiated, so use one child per subnet pair. TS_UNACCEPTABLE "
			"at a rekey after the peer narrowed the selectors: 5.9.x "
			"re-proposes the configured, wider selectors (fixed in 6.0.2), "
			"so configure exactly what the peer accepts. For route-based "
			"tunnels use 0.0.0.0/0 selectors on both ends with an XFRM "
			"interface (if_id_in/if_id_out). Legacy ipsec.conf (5.x stroke): "
			"leftsubnet, rightsubnet, leftprotoport, rightprotoport. Then "
			"swanctl --load-conns.",
		.fix = VPNDIAG_FIX_EITHER,
	},
	[VPNDIAG_VERSION_MISMATCH] = {
		.code = VPNDIAG_VERSION_MISMATCH,
		.name = "version mismatch",
		.id = "version-mismatch",
		.msgid = 7,
		.category = VPNDIAG_CAT_NEGOTIATION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_ERR,
		.produced = VPNDIAG_PRODUCED_PARTIAL,
		.description = "IKE versions on both ends do not match.",
		.detection = "No dedicated event: the responder logs 'no IKE config "
			"found for ..., sending NO_PROPOSAL_CHOSEN' when only configs of "
			"the other IKE version match (vpndiag re-queries the configs with "
			"the other version); the initiator sees NO_PROPOSAL_CHOSEN or no "
			"answer",
		.remedy = "Use the same IKE version on both ends: version = 1|2; "
			"version = 0 accepts both as responder but always initiates "
			"IKEv2; then check that proposals suit that version. Legacy "
			"ipsec.conf (5.x stroke): keyexchange=ikev1|ikev2|ike. Then "
			"swanctl --load-conns.",
		.fix = VPNDIAG_FIX_EITHER,
	},
	[VPNDIAG_PEER_ADDRESS_MISMATCH] = {
		.code = VPNDIAG_PEER_ADDRESS_MISMATCH,
		.name = "peer address mismatch",
		.id = "peer-address-mismatch",
		.msgid = 8,
		.category = VPNDIAG_CAT_NEGOTIATION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_ERR,
		.produced = VPNDIAG_PRODUCED_DIRECT,
		.description = "IKE peer addresses on both ends do not match.",
		.detection = "Responder: 'no IKE config found for <me>...<other>, "
			"sending NO_PROPOSAL_CHOSEN' (log, IKE_SA_INIT answered without a "
			"config) or 'no matching peer config found' "
			"(ALERT_PEER_AUTH_FAILED); initiator: NO_PROPOSAL_CHOSEN or a "
			"retransmit timeout",
		.remedy = "Check first whether the gateway addresses are reversed: "
			"remote_addrs must be the peer's public address and local_addrs "
			"our own, mirrored on the peer; a peer behind NAT is seen with "
			"its public NAT address (or accept %any and select by "
			"remote.id); DNS names in remote_addrs are resolved only at "
			"initiation. If no connection is loaded at all (swanctl "
			"--list-conns empty after a parse error), fix swanctl.conf "
			"first. Legacy ipsec.conf (5.x stroke): left, right, rightid. "
			"Then swanctl --load-conns.",
		.fix = VPNDIAG_FIX_EITHER,
	},
	[VPNDIAG_CONFIG_ID_MISMATCH] = {
		.code = VPNDIAG_CONFIG_ID_MISMATCH,
		.name = "config ID mismatch",
		.id = "config-id-mismatch",
		.msgid = 9,
		.category = VPNDIAG_CAT_NEGOTIATION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_ERR,
		.produced = VPNDIAG_PRODUCED_DIRECT,
		.description = "No IKE peer with the specified ID is found.",
		.detection = "Responder: 'no matching peer config found' or 'received "
			"IDr X, but require Y', AUTHENTICATION_FAILED sent and "
			"ALERT_PEER_AUTH_FAILED without a peer config; initiator: "
			"AUTHENTICATION_FAILED notify then ALERT_LOCAL_AUTH_FAILED; IKEv1: "
			"'no peer config found', 'IDir ... does not match'",
		.remedy = "Compare the identities: local.id must be what the peer "
			"expects as its remote ID, and remote.id what the peer actually "
			"sends, including the type (IP address, FQDN, e-mail, "
			"certificate DN); with certificates the ID must be the subject "
			"or a subjectAltName of the certificate. Without local.id, 5.x "
			"sends its IP address (the certificate subject with a "
			"certificate) while 6.0 defaults to the certificate's subject "
			"DN, which breaks peers that expect the IP after an upgrade: set "
			"local.id explicitly. Behind 1:1 NAT (cloud elastic IPs) "
			"local.id must be what the peer expects (the public IP or an "
			"FQDN) while local_addrs stays the private address. Configs are "
			"also selected by address: check local_addrs and remote_addrs. "
			"Legacy ipsec.conf (5.x stroke): leftid, rightid, left, right. "
			"Then swanctl --load-conns.",
		.fix = VPNDIAG_FIX_EITHER,
	},
	[VPNDIAG_EXCHANGE_MODE_MISMATCH] = {
		.code = VPNDIAG_EXCHANGE_MODE_MISMATCH,
		.name = "exchange mode mismatch",
		.id = "exchange-mode-mismatch",
		.msgid = 10,
		.category = VPNDIAG_CAT_NEGOTIATION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_ERR,
		.produced = VPNDIAG_PRODUCED_DIRECT,
		.description = "Negotiation modes on both ends do not match.",
		.detection = "IKEv1: responder 'found N matching configs, but "
			"none allows ... using Main/Aggressive Mode' or 'Aggressive Mode "
			"PSK disabled for security reasons', then ALERT_PEER_AUTH_FAILED "
			"and AUTHENTICATION_FAILED; initiator: AUTHENTICATION_FAILED "
			"notify. IKEv2 childless initiation (RFC 6023, childless = "
			"allow|force|never): child_create.c handle_childless() 'peer did "
			"not initiate a childless IKE_SA' / 'peer tried to initiate a "
			"childless IKE_SA' and INVALID_SYNTAX beside the responder's AUTH "
			"(the initiator's ALERT_LOCAL_AUTH_FAILED), defer_child_sa() 'peer "
			"does not support childless IKE_SA initiation'",
		.remedy = "Use the same IKEv1 negotiation mode on both ends: "
			"aggressive = yes|no; a strongSwan responder refuses Aggressive "
			"Mode with PSK unless strongswan.conf "
			"charon.i_dont_care_about_security_and_use_aggressive_mode_psk = "
			"yes, so prefer Main Mode or IKEv2 (version = 2). Legacy "
			"ipsec.conf (5.x stroke): aggressive=yes|no, keyexchange=ikev2. "
			"Then swanctl --load-conns.",
		.fix = VPNDIAG_FIX_EITHER,
	},
	[VPNDIAG_AUTH_FAIL] = {
		.code = VPNDIAG_AUTH_FAIL,
		.name = "authentication fail",
		.id = "auth-fail",
		.msgid = 11,
		.category = VPNDIAG_CAT_NEGOTIATION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_ERR,
		.produced = VPNDIAG_PRODUCED_DIRECT,
		.description = "The identity authentication fails.",
		.detection = "ALERT_PEER_AUTH_FAILED (we rejected the peer) or "
			"ALERT_LOCAL_AUTH_FAILED (the peer sent AUTHENTICATION_FAILED); "
			"cause from the log: PSK 'MAC mismatched', 'signature validation "
			"failed', preceding certificate alerts; an IKEv1 PSK mismatch "
			"shows as a parse error of Main Mode message 5",
		.remedy = "Check that the pre-shared keys at both ends are "
			"identical (secrets.ike-<name>.secret; a secret without id "
			"selectors matches any identity, so check which one charon "
			"picks); an IKEv1 Main Mode responder chooses the PSK by the "
			"addresses and configured IDs before it sees the peer's ID, so "
			"several %any IKEv1 PSK connections can pick the wrong key. "
			"Check that local.auth/remote.auth match the peer's methods and, "
			"with certificates, that the peer's CA is in /etc/swanctl/x509ca "
			"and local.id/remote.id are in the certificates. Legacy "
			"ipsec.conf (5.x stroke): ipsec.secrets '<ids> : PSK \"...\"', "
			"leftauth, rightauth, authby=, /etc/ipsec.d/cacerts. Then "
			"swanctl --load-creds (secrets) and swanctl --load-conns.",
		.fix = VPNDIAG_FIX_EITHER,
	},
	[VPNDIAG_LOCAL_ID_FAIL] = {
		.code = VPNDIAG_LOCAL_ID_FAIL,
		.name = "construct local ID fail",
		.id = "local-id-fail",
		.msgid = 12,
		.category = VPNDIAG_CAT_NEGOTIATION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_ERR,
		.produced = VPNDIAG_PRODUCED_PARTIAL,
		.description = "A local ID fails to be constructed.",
		.detection = "charon never fails to build IDi/IDr (it falls back to "
			"the IP address); nearest: ALERT_LOCAL_AUTH_FAILED with 'no shared "
			"key found for ...', 'no private key found for ...' or 'PPK "
			"required but ...' while building our own AUTH payload",
		.remedy = "Make the local identity explicit and backed by a "
			"credential: set local.id, and provide a PSK whose id selectors "
			"match local.id and remote.id (secrets.ike-<name>.id) or a "
			"certificate in local.certs containing that identity with its "
			"private key in /etc/swanctl/private, rsa or ecdsa. Legacy "
			"ipsec.conf (5.x stroke): leftid, leftcert, ipsec.secrets "
			"selectors and ': RSA key.pem'. Then swanctl --load-creds and "
			"swanctl --load-conns.",
		.fix = VPNDIAG_FIX_LOCAL,
	},
	[VPNDIAG_REKEY_OLD_SA_NOT_FOUND] = {
		.code = VPNDIAG_REKEY_OLD_SA_NOT_FOUND,
		.name = "rekey no find old sa",
		.id = "rekey-old-sa-not-found",
		.msgid = 13,
		.category = VPNDIAG_CAT_NEGOTIATION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_WARNING,
		.produced = VPNDIAG_PRODUCED_DIRECT,
		.description = "The old SA fails to be found during renegotiation.",
		.detection = "Responder: 'unable to rekey, CHILD_SA not found' and "
			"CHILD_SA_NOT_FOUND sent; initiator: CHILD_SA_NOT_FOUND received "
			"('peer didn't find the CHILD_SA we tried to rekey'), the CHILD_SA "
			"is recreated; IKE rekey of an unknown IKE_SA: "
			"ALERT_INVALID_IKE_SPI",
		.remedy = "The ends disagree about which SAs exist, usually because "
			"the peer already expired the SA: keep rekey_time well below the "
			"peer's lifetime (e.g. at most 50 min against its 60 min) and "
			"avoid simultaneous rekeys (rand_time); charon re-creates the "
			"CHILD_SA itself. Compare swanctl --list-sas on both ends and "
			"keep DPD enabled (dpd_delay) so stale SAs are detected. Legacy "
			"ipsec.conf (5.x stroke): lifetime, margintime, rekeyfuzz, "
			"dpddelay; ipsec statusall. Then swanctl --load-conns.",
		.fix = VPNDIAG_FIX_EITHER,
		.unreported = "no rule: charon handles CHILD_SA_NOT_FOUND itself, "
			"without an alert (child_rekey.c process_i() logs 'peer didn't "
			"find the CHILD_SA we tried to rekey' and re-creates the "
			"CHILD_SA; the responder's 'unable to rekey, CHILD_SA not found', "
			"build_r(), is no failure of its own); the former rule keyed on "
			"an alert charon never raises after it",
	},
	[VPNDIAG_REKEY_FAIL] = {
		.code = VPNDIAG_REKEY_FAIL,
		.name = "rekey fail",
		.id = "rekey-fail",
		.msgid = 14,
		.category = VPNDIAG_CAT_NEGOTIATION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_WARNING,
		.produced = VPNDIAG_PRODUCED_DIRECT,
		.description = "The old SA is going offline during renegotiation.",
		.detection = "Initiator: 'IKE_SA rekeying failed, trying again' or "
			"'CHILD_SA rekeying failed' (state REKEYING back to "
			"ESTABLISHED/INSTALLED), TEMPORARY_FAILURE from the peer, or "
			"'rekeying IKE_SA failed, peer not responding'; responder: 'unable "
			"to rekey, we are deleting the CHILD_SA'",
		.remedy = "Check that the peer accepts the rekey proposals "
			"(proposals and esp_proposals including the PFS group, which "
			"IKEv2 negotiates only at rekey), that the peer still has the SA "
			"and answers (see max transmit reached), and avoid rekey "
			"collisions with different lifetimes on the two ends "
			"(rekey_time, over_time); a TEMPORARY_FAILURE is retried "
			"automatically. Legacy ipsec.conf (5.x stroke): ike=, esp=, "
			"ikelifetime, lifetime, margintime. Then swanctl --load-conns.",
		.fix = VPNDIAG_FIX_EITHER,
		.unreported = "no rule: a TEMPORARY_FAILURE answer is retried by "
			"charon without an alert (child_create.c process_i() 'received "
			"TEMPORARY_FAILURE notify, will retry later', child_rekey.c "
			"schedules the rekey again); the former rule keyed on an alert "
			"charon never raises after it. A rekey that fails for good "
			"shows as the failure that ends the SA (max transmit reached, "
			"proposal mismatch at rekey)",
	},
	[VPNDIAG_FIRST_PACKET_LIMITED] = {
		.code = VPNDIAG_FIRST_PACKET_LIMITED,
		.name = "first packet limited",
		.id = "first-packet-limited",
		.msgid = 15,
		.category = VPNDIAG_CAT_NEGOTIATION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_WARNING,
		.produced = VPNDIAG_PRODUCED_DIRECT,
		.description = "First packets are rate limited.",
		.detection = "Log only (no IKE_SA yet, logger on the net group): "
			"'ignoring IKE_SA setup from ..., per-IP half-open IKE_SA limit of "
			"N reached', '... half-open IKE_SA limit of N reached' or '... job "
			"load of N exceeds limit' (receiver.c:drop_ike_sa_init(), level "
			"1); own initiation: 'abort IKE_SA initiation, half open IKE_SA "
			"count of N exceeds limit' (controller.c, not recorded)",
		.remedy = "The responder rate-limits new IKE_SA_INIT requests: look "
			"for a flood or a misbehaving initiator (the same source "
			"repeating) and filter it; only if the load is legitimate raise "
			"strongswan.conf charon.block_threshold, "
			"charon.init_limit_half_open, charon.init_limit_job_load or "
			"charon.cookie_threshold, then swanctl --reload-settings.",
		.fix = VPNDIAG_FIX_LOCAL,
	},
	[VPNDIAG_UNSUPPORTED_VERSION] = {
		.code = VPNDIAG_UNSUPPORTED_VERSION,
		.name = "unsupported version",
		.id = "unsupported-version",
		.msgid = 16,
		.category = VPNDIAG_CAT_NEGOTIATION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_ERR,
		.produced = VPNDIAG_PRODUCED_DIRECT,
		.description = "The IKE version is not supported.",
		.detection = "Log only: 'received unsupported IKE version X.Y from "
			"..., sending INVALID_MAJOR_VERSION'; the initiator receives "
			"INVALID_MAJOR_VERSION",
		.remedy = "The peer sent an IKE major version this charon does not "
			"speak (or that was compiled out): run both ends with the same "
			"IKE version (version = 1|2), and if the peer needs IKEv1 check "
			"that charon was built with IKEv1 support. Legacy ipsec.conf "
			"(5.x stroke): keyexchange=ikev1|ikev2. Then swanctl "
			"--load-conns.",
		.fix = VPNDIAG_FIX_EITHER,
	},
	[VPNDIAG_MALFORMED_MESSAGE] = {
		.code = VPNDIAG_MALFORMED_MESSAGE,
		.name = "malformed message",
		.id = "malformed-message",
		.msgid = 17,
		.category = VPNDIAG_CAT_NEGOTIATION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_ERR,
		.produced = VPNDIAG_PRODUCED_DIRECT,
		.description = "There is a malformed message.",
		.detection = "ALERT_PARSE_ERROR_HEADER (IKE header not parsable) or "
			"ALERT_PARSE_ERROR_BODY with PARSE_ERROR/VERIFY_ERROR ('could not "
			"decrypt payloads'); the sender receives INVALID_SYNTAX (IKEv2) or "
			"PAYLOAD_MALFORMED (IKEv1)",
		.remedy = "Check the peer's IKE implementation and software "
			"version, and middleboxes (IPsec/IKE ALGs, broken NAT devices) "
			"that alter UDP 500/4500 packets; lost fragments do not show "
			"here, they end as timeouts. With IKEv1 a failed decryption of "
			"Main Mode message 5 means mismatching pre-shared keys and is "
			"reported as authentication fail. For details raise the enc log "
			"level (strongswan.conf charon.filelog.<name>.enc = 3; legacy "
			"ipsec.conf charondebug=\"enc 3\"), then swanctl "
			"--reload-settings.",
		.fix = VPNDIAG_FIX_PEER,
	},
	[VPNDIAG_MALFORMED_PAYLOAD] = {
		.code = VPNDIAG_MALFORMED_PAYLOAD,
		.name = "malformed payload",
		.id = "malformed-payload",
		.msgid = 18,
		.category = VPNDIAG_CAT_NEGOTIATION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_ERR,
		.produced = VPNDIAG_PRODUCED_DIRECT,
		.description = "There is a malformed payload.",
		.detection = "ALERT_PARSE_ERROR_BODY with PARSE_ERROR ('payload type X "
			"could not be parsed') or VERIFY_ERROR ('X payload verification "
			"failed')",
		.remedy = "A payload from the peer violates the IKE encoding: check "
			"the peer's software version for interoperability bugs and "
			"whether a middlebox modifies IKE packets; to see the offending "
			"payload raise the enc log level (strongswan.conf "
			"charon.filelog.<name>.enc = 3; legacy ipsec.conf "
			"charondebug=\"enc 3\"), then swanctl --reload-settings.",
		.fix = VPNDIAG_FIX_PEER,
	},
	[VPNDIAG_CRITICAL_DROP] = {
		.code = VPNDIAG_CRITICAL_DROP,
		.name = "critical drop",
		.id = "critical-drop",
		.msgid = 19,
		.category = VPNDIAG_CAT_NEGOTIATION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_ERR,
		.produced = VPNDIAG_PRODUCED_DIRECT,
		.description = "The critical payload is not recognized.",
		.detection = "ALERT_PARSE_ERROR_BODY with NOT_SUPPORTED ('payload type "
			"X is not supported, but payload is critical!'), "
			"UNSUPPORTED_CRITICAL_PAYLOAD sent; the sender receives that "
			"notify",
		.remedy = "The peer flagged a payload as critical that strongSwan "
			"does not implement: disable that vendor extension on the peer, "
			"or load the strongSwan plugin that implements it (charon.load "
			"or its strongswan.d snippet, then a charon restart); the "
			"payload type is in charon's log.",
		.fix = VPNDIAG_FIX_PEER,
	},
	[VPNDIAG_COOKIE_MISMATCH] = {
		.code = VPNDIAG_COOKIE_MISMATCH,
		.name = "cookie mismatch",
		.id = "cookie-mismatch",
		.msgid = 20,
		.category = VPNDIAG_CAT_NEGOTIATION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_WARNING,
		.produced = VPNDIAG_PRODUCED_DIRECT,
		.description = "The cookies do not match.",
		.detection = "ALERT_INVALID_IKE_SPI: the IKE SPIs (ISAKMP cookies) of "
			"a message match no IKE_SA; also IKEv2 COOKIE 'found cookie, but "
			"content invalid' and MOBIKE 'COOKIE2 mismatch, closing IKE_SA'",
		.remedy = "The peer still uses an IKE_SA this end no longer has "
			"(one side restarted or deleted it unnoticed): enable DPD on "
			"both ends (dpd_delay, dpd_action) so stale SAs are cleared, "
			"keep INITIAL_CONTACT effective (unique not never), and "
			"re-initiate with swanctl --initiate --child <child>. Legacy "
			"ipsec.conf (5.x stroke): dpddelay, dpdaction, uniqueids, ipsec "
			"up. Then swanctl --load-conns.",
		.fix = VPNDIAG_FIX_EITHER,
	},
	[VPNDIAG_INVALID_COOKIE] = {
		.code = VPNDIAG_INVALID_COOKIE,
		.name = "invalid cookie",
		.id = "invalid-cookie",
		.msgid = 21,
		.category = VPNDIAG_CAT_NEGOTIATION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_WARNING,
		.produced = VPNDIAG_PRODUCED_DIRECT,
		.description = "The cookie is invalid.",
		.detection = "ALERT_PARSE_ERROR_HEADER on a zero initiator SPI "
			"('header verification failed'); unknown SPI: "
			"ALERT_INVALID_IKE_SPI; expired IKEv2 COOKIE: 'received cookie "
			"lifetime expired, rejecting'",
		.remedy = "Check the peer's IKE implementation and any NAT or ALG "
			"device rewriting IKE headers; repeated COOKIE rejections mean "
			"the responder is under load (strongswan.conf "
			"charon.cookie_threshold) or the initiator answers too slowly; "
			"after changing the threshold, swanctl --reload-settings.",
		.fix = VPNDIAG_FIX_PEER,
		.unreported = "receiver.c logs COOKIE failures ('received "
			"cookie lifetime expired', 'found cookie, but content invalid') "
			"only at level 2, and raising vpndiag's net level to 2 would "
			"make charon format a line for every packet; a bad header is "
			"recorded as malformed message (bad-header)",
	},
	[VPNDIAG_INVALID_LENGTH] = {
		.code = VPNDIAG_INVALID_LENGTH,
		.name = "invalid length",
		.id = "invalid-length",
		.msgid = 22,
		.category = VPNDIAG_CAT_NEGOTIATION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_ERR,
		.produced = VPNDIAG_PRODUCED_DIRECT,
		.description = "The packet length is invalid.",
		.detection = "ALERT_PARSE_ERROR_BODY (payload or substructure length "
			"invalid, 'invalid X payload length, decryption failed?') or "
			"ALERT_PARSE_ERROR_HEADER for a truncated header",
		.remedy = "Look for truncation on the path (a middlebox, dropped IP "
			"fragments): allow IP fragments, keep IKE fragmentation enabled "
			"(fragmentation = yes, the default; not no) and lower "
			"strongswan.conf charon.fragment_size; with IKEv1 'decryption "
			"failed?' usually means mismatching pre-shared keys "
			"(secrets.ike-<name>). Legacy ipsec.conf (5.x stroke): "
			"fragmentation=yes, ipsec.secrets PSK. Then swanctl --load-creds "
			"and swanctl --load-conns (swanctl --reload-settings for "
			"strongswan.conf).",
		.fix = VPNDIAG_FIX_EITHER,
		.unreported = "no rule of its own: length errors arrive as "
			"ALERT_PARSE_ERROR_HEADER/BODY, which carry no length flag, and "
			"are recorded as malformed message or malformed payload",
	},
	[VPNDIAG_UNKNOWN_EXCHANGE_TYPE] = {
		.code = VPNDIAG_UNKNOWN_EXCHANGE_TYPE,
		.name = "unknown exchange type",
		.id = "unknown-exchange-type",
		.msgid = 23,
		.category = VPNDIAG_CAT_NEGOTIATION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_ERR,
		.produced = VPNDIAG_PRODUCED_DIRECT,
		.description = "The negotiation mode is unknown.",
		.detection = "ALERT_PARSE_ERROR_HEADER (unknown exchange type, or one "
			"of the other IKE version); IKEv1: 'unsupported exchange type', "
			"INVALID_EXCHANGE_TYPE and ALERT_PARSE_ERROR_BODY; valid type in "
			"the wrong state: 'ignoring X in IKE_SA state Y'",
		.remedy = "The peer used an exchange this end does not support for "
			"the negotiated version: check that both ends use the same IKE "
			"version (version) and the same optional exchanges (IKEv1 Mode "
			"Config and XAuth: pools, vips, a second round with auth = "
			"xauth), and the peer's software version. Legacy ipsec.conf (5.x "
			"stroke): keyexchange, leftauth2=xauth, leftsourceip, "
			"rightsourceip. Then swanctl --load-conns.",
		.fix = VPNDIAG_FIX_EITHER,
	},
	[VPNDIAG_SHORT_PACKET] = {
		.code = VPNDIAG_SHORT_PACKET,
		.name = "short packet",
		.id = "short-packet",
		.msgid = 24,
		.category = VPNDIAG_CAT_NEGOTIATION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_WARNING,
		.produced = VPNDIAG_PRODUCED_DIRECT,
		.description = "Packets are ultra-short.",
		.detection = "1 to 3 bytes: log only, level 3 on net: 'received "
			"packet is too short (N bytes)' (receiver.c, not reported: "
			"vpndiag listens at level 1); 4 to 27 bytes: "
			"ALERT_PARSE_ERROR_HEADER ('header could not be parsed'), the "
			"datagram's size read from the message",
		.remedy = "Something sends truncated or non-IKE datagrams to UDP "
			"500/4500: identify the source address in the log, look for "
			"scanners, a broken NAT device or middlebox, and filter it with "
			"the ACL or security group if it is not the peer.",
		.fix = VPNDIAG_FIX_PEER,
	},
	[VPNDIAG_UNCRITICAL_DROP] = {
		.code = VPNDIAG_UNCRITICAL_DROP,
		.name = "uncritical drop",
		.id = "uncritical-drop",
		.msgid = 25,
		.category = VPNDIAG_CAT_NEGOTIATION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_INFO,
		.produced = VPNDIAG_PRODUCED_DIRECT,
		.description = "The non-critical payload is not identified.",
		.detection = "Informational: an unknown non-critical payload is kept "
			"as PL_UNKNOWN and ignored ('X payload unknown or not allowed', "
			"DBG2), visible in the incoming message hook",
		.remedy = "Nothing to fix: the peer sent a non-critical payload "
			"strongSwan does not understand and ignored it as RFC 7296 "
			"requires; if a feature the peer expects is missing, compare the "
			"vendor extensions enabled on both ends.",
		.fix = VPNDIAG_FIX_PEER,
		.unreported = "message.c logs an ignored unknown payload ('X "
			"payload unknown or not allowed') only at level 2, and "
			"vpndiag's listener stays at level 1 so that charon does not "
			"format such lines for it",
	},
	[VPNDIAG_ROUTE_LIMIT] = {
		.code = VPNDIAG_ROUTE_LIMIT,
		.name = "route limit",
		.id = "route-limit",
		.msgid = 26,
		.category = VPNDIAG_CAT_NEGOTIATION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_WARNING,
		.produced = VPNDIAG_PRODUCED_PARTIAL,
		.description = "The number of imported routes reaches the upper limit.",
		.detection = "charon has no route-count limit; nearest: kernel-netlink "
			"'unable to install source route for ...' (log only, the CHILD_SA "
			"stays up)",
		.remedy = "Check that charon can install its routes: "
			"strongswan.conf charon.install_routes and charon.routing_table "
			"(table 220: ip route show table 220), conflicting routes and "
			"the kernel's route limits; for route-based tunnels (XFRM "
			"interfaces with if_id_in/if_id_out, or marks with "
			"mark_in/mark_out) the routes are the operator's job. Legacy "
			"ipsec.conf (5.x stroke): mark=. Then swanctl --load-conns "
			"(swanctl --reload-settings for strongswan.conf).",
		.fix = VPNDIAG_FIX_LOCAL,
		.unreported = "charon has no route limit; 'unable to install source route' "
			"(kernel_netlink_ipsec.c, DBG1, the CHILD_SA stays up) is not "
			"matched",
	},
	[VPNDIAG_IP_ASSIGN_FAIL] = {
		.code = VPNDIAG_IP_ASSIGN_FAIL,
		.name = "ip assigned fail",
		.id = "ip-assign-fail",
		.msgid = 27,
		.category = VPNDIAG_CAT_NEGOTIATION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_ERR,
		.produced = VPNDIAG_PRODUCED_DIRECT,
		.description = "IP address assignment fails.",
		.detection = "ALERT_VIP_FAILURE on the responder ('no virtual IP "
			"found, sending INTERNAL_ADDRESS_FAILURE', 'pool X is full', "
			"'expected a virtual IP request, sending FAILED_CP_REQUIRED'); "
			"initiator: INTERNAL_ADDRESS_FAILURE or FAILED_CP_REQUIRED notify; "
			"IKEv1: 'no virtual IP found for ... requested by ...'",
		.remedy = "On the responder check that the connection references a "
			"pool with free addresses: pools = <name> with "
			"pools.<name>.addrs of the requested address family (a client "
			"that requests :: gets nothing from an IPv4-only pool) and its "
			"size against the connected clients (swanctl --list-pools "
			"--leases); pools = radius or dhcp need the eap-radius or dhcp "
			"plugin. On the client request an address with vips = 0.0.0.0 "
			"(or ::) only if the gateway assigns one. Legacy ipsec.conf (5.x "
			"stroke): rightsourceip=<cidr>|%<pool>, leftsourceip=%config. "
			"Then swanctl --load-pools and swanctl --load-conns.",
		.fix = VPNDIAG_FIX_EITHER,
	},
	[VPNDIAG_EAP_AUTH_TIMEOUT] = {
		.code = VPNDIAG_EAP_AUTH_TIMEOUT,
		.name = "eap authentication timeout",
		.id = "eap-auth-timeout",
		.msgid = 28,
		.category = VPNDIAG_CAT_NEGOTIATION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_ERR,
		.produced = VPNDIAG_PRODUCED_PARTIAL,
		.description = "EAP authentication times out.",
		.detection = "No EAP timer in charon: ALERT_HALF_OPEN_TIMEOUT while "
			"IKE_AUTH waits for an EAP round (charon.half_open_timeout), "
			"ALERT_RADIUS_NOT_RESPONDING for the AAA server, or the client's "
			"IKE_AUTH retransmit timeout",
		.remedy = "Check the EAP backend first: RADIUS reachability and "
			"shared secret (strongswan.conf "
			"charon.plugins.eap-radius.servers, retransmit_tries, "
			"retransmit_timeout), then whether the client answers the EAP "
			"request (user prompt, certificate selection). Windows and macOS "
			"clients that reject our certificate simply go silent (Windows "
			"error 13801): the server certificate's subjectAltName must be "
			"the name the client dials, it needs the serverAuth EKU (and IKE "
			"intermediate for some clients), and its CA must be in the "
			"client's machine store. Let the server ask for any EAP identity "
			"with remote.eap_id = %any, and raise charon.half_open_timeout "
			"(default 30 s) if interactive EAP takes longer. Legacy "
			"ipsec.conf (5.x stroke): rightauth=eap-..., eap_identity=%any. "
			"Then swanctl --load-conns (swanctl --reload-settings for "
			"strongswan.conf).",
		.fix = VPNDIAG_FIX_EITHER,
	},
	[VPNDIAG_EAP_AUTH_FAIL] = {
		.code = VPNDIAG_EAP_AUTH_FAIL,
		.name = "eap authentication fail",
		.id = "eap-auth-fail",
		.msgid = 29,
		.category = VPNDIAG_CAT_NEGOTIATION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_ERR,
		.produced = VPNDIAG_PRODUCED_DIRECT,
		.description = "EAP authentication fails.",
		.detection = "Server: 'EAP method X failed for peer ...', EAP_FAILURE "
			"sent, ALERT_PEER_AUTH_FAILED; client: 'received EAP_FAILURE, EAP "
			"authentication failed', ALERT_LOCAL_AUTH_FAILED",
		.remedy = "Compare the EAP method and credentials: remote.auth = "
			"eap-<method> on the server with remote.eap_id = %any (else "
			"charon assumes the configured identity instead of asking the "
			"client), local.auth and eap_id on the client, and the user's "
			"secret (secrets.eap-<name>) or the RADIUS server's user "
			"database and log; EAP-MSCHAPv2 needs MD4 (the md4 plugin, or "
			"OpenSSL 3's legacy provider). Legacy ipsec.conf (5.x stroke): "
			"rightauth=eap-<method>, leftauth, eap_identity, ipsec.secrets "
			"'<user> : EAP \"...\"'. Then swanctl --load-creds and swanctl "
			"--load-conns.",
		.fix = VPNDIAG_FIX_EITHER,
	},
	[VPNDIAG_XAUTH_AUTH_FAIL] = {
		.code = VPNDIAG_XAUTH_AUTH_FAIL,
		.name = "xauth authentication fail",
		.id = "xauth-auth-fail",
		.msgid = 30,
		.category = VPNDIAG_CAT_NEGOTIATION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_ERR,
		.produced = VPNDIAG_PRODUCED_DIRECT,
		.description = "XAUTH authentication fails.",
		.detection = "IKEv1, no alert: server 'XAuth authentication of X "
			"failed', XAUTH_STATUS=0 and 'destroying IKE_SA after failed XAuth "
			"authentication'; client 'XAuth authentication of X (myself) "
			"failed'",
		.remedy = "Check the XAuth round and credentials: the server's "
			"second remote round with its backend, auth = xauth-generic "
			"(secrets.xauth-<name>), xauth-eap, xauth-pam or xauth-radius "
			"via eap-radius (charon.plugins.eap-radius.xauth), with that "
			"plugin loaded; and the client's xauth_id and password. Legacy "
			"ipsec.conf (5.x stroke): rightauth2=xauth-..., xauth_identity, "
			"ipsec.secrets '<user> : XAUTH \"...\"'. Then swanctl "
			"--load-creds and swanctl --load-conns.",
		.fix = VPNDIAG_FIX_EITHER,
	},
	[VPNDIAG_XAUTH_AUTH_TIMEOUT] = {
		.code = VPNDIAG_XAUTH_AUTH_TIMEOUT,
		.name = "xauth authentication timeout",
		.id = "xauth-auth-timeout",
		.msgid = 31,
		.category = VPNDIAG_CAT_NEGOTIATION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_ERR,
		.produced = VPNDIAG_PRODUCED_PARTIAL,
		.description = "XAUTH authentication times out.",
		.detection = "IKEv1 server: ALERT_HALF_OPEN_TIMEOUT, or "
			"ALERT_RETRANSMIT_SEND_TIMEOUT of the unanswered XAuth request; "
			"client: 'peer did not initiate expected exchange, reestablishing "
			"IKE_SA'",
		.remedy = "Check that the XAuth client answers the request "
			"(interactive password prompt; a client configured for a second "
			"round with auth = xauth) and that the XAuth backend (RADIUS: "
			"charon.plugins.eap-radius.servers) answers within "
			"strongswan.conf charon.half_open_timeout and the retransmission "
			"budget (charon.retransmit_tries, charon.retransmit_timeout). "
			"Legacy ipsec.conf (5.x stroke): leftauth2=xauth. Then swanctl "
			"--load-conns (swanctl --reload-settings for strongswan.conf).",
		.fix = VPNDIAG_FIX_EITHER,
	},
	[VPNDIAG_LICENSE_LIMITED] = {
		.code = VPNDIAG_LICENSE_LIMITED,
		.name = "license or specification limited",
		.id = "license-limited",
		.msgid = 32,
		.category = VPNDIAG_CAT_NEGOTIATION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_ERR,
		.produced = VPNDIAG_PRODUCED_NO,
		.why_not = "strongSwan has no licensing or product-tier limits.",
		.description = "There is license control.",
		.detection = "Never produced; strongSwan's capacity limits are "
			"reported as 'dynamic peers number reaches limitation' and 'ipsec "
			"tunnel number reaches limitation'",
		.remedy = "There is no licence in strongSwan; for capacity problems "
			"check the strongSwan equivalents: strongswan.conf "
			"charon.ikesa_limit, charon.init_limit_half_open and the "
			"kernel's xfrm capacity (ip xfrm state count); after changing a "
			"limit, swanctl --reload-settings.",
		.fix = VPNDIAG_FIX_LOCAL,
	},
	[VPNDIAG_LOCAL_ADDRESS_MISMATCH] = {
		.code = VPNDIAG_LOCAL_ADDRESS_MISMATCH,
		.name = "local address mismatch",
		.id = "local-address-mismatch",
		.msgid = 33,
		.category = VPNDIAG_CAT_NEGOTIATION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_ERR,
		.produced = VPNDIAG_PRODUCED_PARTIAL,
		.description = "The local IP address and interface IP address in IKE "
			"negotiation do not match.",
		.detection = "Responder: 'no IKE config found for <me>...<other>' "
			"where the local address differs from local_addrs (vpndiag "
			"compares the configs), or 'received packet ... on ignored "
			"interface'; initiator with an unusable local address: 'error "
			"writing to socket' then ALERT_PEER_INIT_UNREACHABLE",
		.remedy = "Set local_addrs to the address the IKE packets actually "
			"arrive on and leave from (or %any), check that the address is "
			"on an interface strongswan.conf "
			"charon.interfaces_use/interfaces_ignore do not exclude, and "
			"behind NAT use the private address locally while the peer "
			"configures the public one in remote_addrs (and local.id what "
			"the peer expects). Legacy ipsec.conf (5.x stroke): left, right, "
			"leftid. Then swanctl --load-conns.",
		.fix = VPNDIAG_FIX_LOCAL,
	},
	[VPNDIAG_PEER_LIMIT_REACHED] = {
		.code = VPNDIAG_PEER_LIMIT_REACHED,
		.name = "dynamic peers number reaches limitation",
		.id = "peer-limit-reached",
		.msgid = 34,
		.category = VPNDIAG_CAT_NEGOTIATION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_ERR,
		.produced = VPNDIAG_PRODUCED_DIRECT,
		.description = "The number of IKE peers reaches the upper limit.",
		.detection = "Log only: 'ignoring X, hitting IKE_SA limit (N)' "
			"(charon.ikesa_limit; ike_sa_manager.c:checkout_by_message(), "
			"level 1, no IKE_SA yet); the receiver's half-open limits are "
			"recorded as first packet limited",
		.remedy = "Too many IKE_SAs: raise strongswan.conf "
			"charon.ikesa_limit (0 = unlimited) if the load is legitimate "
			"(then swanctl --reload-settings), otherwise look for stale or "
			"duplicate SAs (swanctl --list-sas) and let reconnecting clients "
			"replace their old SA (unique = replace). Legacy ipsec.conf (5.x "
			"stroke): uniqueids. Then swanctl --load-conns.",
		.fix = VPNDIAG_FIX_LOCAL,
	},
	[VPNDIAG_TUNNEL_LIMIT_REACHED] = {
		.code = VPNDIAG_TUNNEL_LIMIT_REACHED,
		.name = "ipsec tunnel number reaches limitation",
		.id = "tunnel-limit-reached",
		.msgid = 35,
		.category = VPNDIAG_CAT_NEGOTIATION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_ERR,
		.produced = VPNDIAG_PRODUCED_PARTIAL,
		.description = "The number of IPsec tunnels reaches the upper limit.",
		.detection = "No CHILD_SA limit in charon: kernel capacity errors give "
			"ALERT_INSTALL_CHILD_SA_FAILED/ALERT_INSTALL_CHILD_POLICY_FAILED "
			"('unable to add SAD entry with SPI ...'); a limit on the peer "
			"arrives as NO_ADDITIONAL_SAS ('received NO_ADDITIONAL_SAS notify, "
			"no CHILD_SA built')",
		.remedy = "If the peer answered NO_ADDITIONAL_SAS, reduce the "
			"CHILD_SAs per IKE_SA (combine subnets in one child's "
			"local_ts/remote_ts lists) or raise the peer's limit; if the "
			"kernel refused, check its xfrm capacity and memory (ip xfrm "
			"state count). Legacy ipsec.conf (5.x stroke): leftsubnet, "
			"rightsubnet lists. Then swanctl --load-conns.",
		.fix = VPNDIAG_FIX_EITHER,
	},
	[VPNDIAG_NETMASK_MISMATCH] = {
		.code = VPNDIAG_NETMASK_MISMATCH,
		.name = "netmask mismatch",
		.id = "netmask-mismatch",
		.msgid = 36,
		.category = VPNDIAG_CAT_NEGOTIATION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_WARNING,
		.produced = VPNDIAG_PRODUCED_PARTIAL,
		.description = "The mask does not match the configured one after the "
			"IPsec mask filtering function is enabled.",
		.detection = "No mask filter in charon, it narrows: ALERT_TS_NARROWED "
			"(result smaller than configured), ALERT_TS_MISMATCH when "
			"disjoint; vpndiag compares the prefix lengths of received and "
			"configured traffic selectors",
		.remedy = "Configure identical prefixes on both ends: local_ts here "
			"must equal the peer's remote subnet and remote_ts its local "
			"subnet; narrowing keeps the tunnel up but protects only the "
			"intersection. With 5.9.x a rekey re-proposes the configured, "
			"wider selectors, which a peer that only accepts the narrow ones "
			"answers with TS_UNACCEPTABLE (fixed in 6.0.2). Legacy "
			"ipsec.conf (5.x stroke): leftsubnet, rightsubnet. Then swanctl "
			"--load-conns.",
		.fix = VPNDIAG_FIX_EITHER,
	},
	[VPNDIAG_FLOW_CONFLICT] = {
		.code = VPNDIAG_FLOW_CONFLICT,
		.name = "flow confict",
		.id = "flow-conflict",
		.msgid = 37,
		.category = VPNDIAG_CAT_NEGOTIATION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_WARNING,
		.produced = VPNDIAG_PRODUCED_PARTIAL,
		.description = "A data flow conflict exists.",
		.detection = "IKEv2 initiator: 'not establishing CHILD_SA X due to "
			"existing duplicate'; kernel 'policy already exists, try to update "
			"it' or 'unable to ... policy' "
			"(ALERT_INSTALL_CHILD_POLICY_FAILED); IKEv1 'detected redundant "
			"CHILD_SA'; overlapping selectors of different IKE_SAs are not "
			"flagged",
		.remedy = "Two CHILD_SAs claim the same traffic selectors: look for "
			"overlapping local_ts/remote_ts in different connections or a "
			"duplicate connection to the same peer and remove or merge them; "
			"intentionally overlapping route-based tunnels (several peers "
			"with 0.0.0.0/0 === 0.0.0.0/0) need distinct if_id_in/if_id_out "
			"(e.g. %unique) or distinct mark_in/mark_out. Legacy ipsec.conf "
			"(5.x stroke): leftsubnet, rightsubnet, mark=. Then swanctl "
			"--load-conns.",
		.fix = VPNDIAG_FIX_LOCAL,
		.unreported = "no rule: child_create.c:check_for_duplicate() logs 'not "
			"establishing CHILD_SA ... due to existing duplicate' (DBG1) "
			"without an alert and no needle matches it; a kernel policy "
			"refusal is recorded as kernel policy install fail",
	},
	[VPNDIAG_PROPOSAL_MISMATCH_SM] = {
		.code = VPNDIAG_PROPOSAL_MISMATCH_SM,
		.name = "proposal mismatch or use sm in ikev2",
		.id = "proposal-mismatch-sm",
		.msgid = 38,
		.category = VPNDIAG_CAT_NEGOTIATION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_ERR,
		.produced = VPNDIAG_PRODUCED_PARTIAL,
		.description = "IPsec proposals on both ends do not match or IKEv2 "
			"uses an SM algorithm.",
		.detection = "The mismatch half is ALERT_PROPOSAL_MISMATCH_CHILD (as "
			"for phase2 proposal or pfs mismatch); strongSwan has no "
			"SM2/SM3/SM4 transforms, private-use algorithm IDs from "
			"non-strongSwan peers are skipped ('an algorithm from private "
			"space would match, but peer implementation is unknown, skipped')",
		.remedy = "Make the IPsec proposals consistent (esp_proposals on "
			"both ends) and do not use SM (Chinese GM) algorithms with "
			"strongSwan: configure standard algorithms on the peer, e.g. "
			"aes256gcm16 or aes256-sha256 with a common DH group. Legacy "
			"ipsec.conf (5.x stroke): esp=. Then swanctl --load-conns.",
		.fix = VPNDIAG_FIX_EITHER,
		.unreported = "strongSwan has no SM algorithms: the mismatch is recorded as "
			"phase2 proposal or pfs mismatch",
	},
	[VPNDIAG_IKEV2_SM_UNSUPPORTED] = {
		.code = VPNDIAG_IKEV2_SM_UNSUPPORTED,
		.name = "ikev2 not support sm in ipsec proposal ikev2",
		.id = "ikev2-sm-unsupported",
		.msgid = 39,
		.category = VPNDIAG_CAT_NEGOTIATION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_ERR,
		.produced = VPNDIAG_PRODUCED_NO,
		.why_not = "strongSwan implements no SM (Chinese GM) algorithms, so it "
			"never rejects them specifically.",
		.description = "IKEv2 does not support the SM algorithm used in the "
			"IPsec proposal.",
		.detection = "Never produced; an SM-only proposal from the peer shows "
			"up as 'proposal mismatch or use sm in ikev2' or 'phase2 proposal "
			"or pfs mismatch'",
		.remedy = "Check the strongSwan equivalent instead: the peer's "
			"IPsec proposal must use standard algorithms that appear in "
			"esp_proposals, e.g. aes256gcm16 or aes256-sha256. Legacy "
			"ipsec.conf (5.x stroke): esp=. Then swanctl --load-conns.",
		.fix = VPNDIAG_FIX_PEER,
	},
	[VPNDIAG_NO_INTERFACE_POLICY] = {
		.code = VPNDIAG_NO_INTERFACE_POLICY,
		.name = "no policy applied on interface",
		.id = "no-interface-policy",
		.msgid = 40,
		.category = VPNDIAG_CAT_NEGOTIATION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_ERR,
		.produced = VPNDIAG_PRODUCED_PARTIAL,
		.description = "No policy is applied to an interface.",
		.detection = "No interface-bound policies in charon; nearest: "
			"'received packet ... on ignored interface', 'no IKE config found "
			"for ...', 'installing trap failed'",
		.remedy = "strongSwan binds no policy to interfaces: check that a "
			"connection for these addresses is loaded (swanctl --list-conns; "
			"local_addrs, remote_addrs), that strongswan.conf "
			"charon.interfaces_use/interfaces_ignore do not exclude the "
			"interface, and that on-demand connections are installed "
			"(start_action = trap). Legacy ipsec.conf (5.x stroke): left, "
			"right, auto=route; ipsec statusall. Then swanctl --load-conns.",
		.fix = VPNDIAG_FIX_LOCAL,
		.unreported = "charon has no interface-bound policies: a packet no config "
			"accepts is recorded as peer address mismatch",
	},
	[VPNDIAG_NAT_DETECTION_FAIL] = {
		.code = VPNDIAG_NAT_DETECTION_FAIL,
		.name = "nat detection fail",
		.id = "nat-detection-fail",
		.msgid = 41,
		.category = VPNDIAG_CAT_NEGOTIATION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_WARNING,
		.produced = VPNDIAG_PRODUCED_PARTIAL,
		.description = "NAT detection fails.",
		.detection = "No alert: missing NAT-D payloads silently disable NAT-T, "
			"'unable to determine source address, faking NAT situation', "
			"'unable to build NATD payloads'; vpndiag infers it when addresses "
			"or ports differ from the config while NAT-T is not in use",
		.remedy = "Check that UDP 4500 is allowed in both directions "
			"(security group, ACL) and that the peer supports NAT traversal; "
			"if a NAT device is not detected (port-only rewriting, an IPsec "
			"ALG) force UDP encapsulation with encap = yes and disable "
			"IPsec/IKE ALGs on the NAT device. Legacy ipsec.conf (5.x "
			"stroke): forceencaps=yes. Then swanctl --load-conns.",
		.fix = VPNDIAG_FIX_EITHER,
		.unreported = "no rule: charon raises no alert for missing or failing NAT-D "
			"payloads, and the inference from addresses and ports is not "
			"implemented",
	},
	[VPNDIAG_FRAGMENT_LIMIT] = {
		.code = VPNDIAG_FRAGMENT_LIMIT,
		.name = "fragment packet limit",
		.id = "fragment-limit",
		.msgid = 42,
		.category = VPNDIAG_CAT_NEGOTIATION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_ERR,
		.produced = VPNDIAG_PRODUCED_DIRECT,
		.description = "The number of fragments exceeds the upper limit.",
		.detection = "Log only: 'maximum fragment count exceeded' (255 "
			"fragments) or 'fragmented IKE message is too large' "
			"(charon.max_packet; message.c:add_fragment(), level 1); the "
			"message is dropped, and vpndiag records the code when the "
			"half-open IKE_SA times out",
		.remedy = "An IKE message (usually IKE_AUTH with certificates) is "
			"too large: send fewer certificates (send_cert = ifasked, no "
			"full chain), raise strongswan.conf charon.max_packet if the "
			"size is legitimate, and check the fragment size on both ends "
			"(charon.fragment_size); IKE_SA_INIT is never fragmented (6.x "
			"moves large key exchanges to IKE_INTERMEDIATE). Legacy "
			"ipsec.conf (5.x stroke): leftsendcert=ifasked. Then swanctl "
			"--load-conns (swanctl --reload-settings for strongswan.conf).",
		.fix = VPNDIAG_FIX_EITHER,
	},
	[VPNDIAG_FRAG_REASSEMBLY_TIMEOUT] = {
		.code = VPNDIAG_FRAG_REASSEMBLY_TIMEOUT,
		.name = "fragment packet reassemble timeout",
		.id = "frag-reassembly-timeout",
		.msgid = 43,
		.category = VPNDIAG_CAT_NEGOTIATION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_ERR,
		.produced = VPNDIAG_PRODUCED_PARTIAL,
		.description = "Fragment reassembly times out.",
		.detection = "No reassembly timer: 'received fragment #i of n, waiting "
			"for complete IKE message' without completion, then "
			"ALERT_HALF_OPEN_TIMEOUT (responder) or "
			"ALERT_RETRANSMIT_SEND_TIMEOUT (sender)",
		.remedy = "Fragments are lost on the path: let IP fragments and UDP "
			"500/4500 through firewalls and security groups, keep IKE "
			"fragmentation enabled on both ends (fragmentation = yes, the "
			"default; not no; the peer must support RFC 7383) and lower "
			"strongswan.conf charon.fragment_size below the path MTU (e.g. "
			"1200); IKE_SA_INIT itself is never fragmented. Legacy "
			"ipsec.conf (5.x stroke): fragmentation=yes. Then swanctl "
			"--load-conns (swanctl --reload-settings for strongswan.conf).",
		.fix = VPNDIAG_FIX_EITHER,
		.unreported = "no rule of its own: fragments that never complete end as "
			"exchange timeout (responder) or max transmit reached (cause "
			"ike-auth-lost-fragments, initiator)",
	},
	[VPNDIAG_PEER_CERT_EXPIRED] = {
		.code = VPNDIAG_PEER_CERT_EXPIRED,
		.name = "peer cert is expired",
		.id = "peer-cert-expired",
		.msgid = 44,
		.category = VPNDIAG_CAT_NEGOTIATION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_ERR,
		.produced = VPNDIAG_PRODUCED_DIRECT,
		.description = "The peer certificate has expired.",
		.detection = "ALERT_CERT_EXPIRED ('certificate invalid (valid from ... "
			"to ...)'), also raised for not yet valid certificates; fatal when "
			"ALERT_PEER_AUTH_FAILED follows",
		.remedy = "Renew the certificate the record names: the peer's "
			"end-entity certificate (its local.certs), an intermediate CA "
			"certificate (sent by the peer, or a copy here in "
			"/etc/swanctl/x509ca) or our own copy of the root CA "
			"(/etc/swanctl/x509ca or remote.cacerts here); if it is not yet "
			"valid, check the clocks (NTP) of both ends; inspect it with pki "
			"--print --in <file> or swanctl --list-certs. Legacy ipsec.conf "
			"(5.x stroke): leftcert, /etc/ipsec.d/cacerts. Then swanctl "
			"--load-creds where the certificate was replaced.",
		.fix = VPNDIAG_FIX_PEER,
	},
	[VPNDIAG_PEER_CERT_REVOKED] = {
		.code = VPNDIAG_PEER_CERT_REVOKED,
		.name = "peer cert is revoked by CRL",
		.id = "peer-cert-revoked",
		.msgid = 45,
		.category = VPNDIAG_CAT_NEGOTIATION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_ERR,
		.produced = VPNDIAG_PRODUCED_DIRECT,
		.description = "The peer certificate is revoked.",
		.detection = "ALERT_CERT_REVOKED ('certificate was revoked on ..., "
			"reason: ...') from the revocation plugin (CRL or OCSP), then "
			"ALERT_PEER_AUTH_FAILED",
		.remedy = "The peer's certificate is revoked by its CA: issue and "
			"install a new certificate on the peer (its local.certs); if the "
			"revocation is wrong, check the CRL loaded here "
			"(/etc/swanctl/x509crl) or fetched from the CRL distribution "
			"point, and the revocation policy remote.revocation. Legacy "
			"ipsec.conf (5.x stroke): leftcert, /etc/ipsec.d/crls, "
			"strictcrlpolicy. Then swanctl --load-creds (and swanctl "
			"--load-conns for remote.revocation).",
		.fix = VPNDIAG_FIX_PEER,
	},
	[VPNDIAG_SAME_USER_SA_EXISTS] = {
		.code = VPNDIAG_SAME_USER_SA_EXISTS,
		.name = "sa with same user exists",
		.id = "same-user-sa-exists",
		.msgid = 46,
		.category = VPNDIAG_CAT_NEGOTIATION,
		.both_categories = true,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_WARNING,
		.produced = VPNDIAG_PRODUCED_DIRECT,
		.description = "The SA is the same as that of another user.",
		.detection = "ALERT_UNIQUE_KEEP ('canceling IKE_SA setup due to "
			"uniqueness policy', the new IKE_SA is rejected: negotiation "
			"failure) or ALERT_UNIQUE_REPLACE (the old IKE_SA is replaced: "
			"connection disconnection); INITIAL_CONTACT with unique = no: "
			"'destroying duplicate IKE_SA for peer ..., received "
			"INITIAL_CONTACT' (the old IKE_SA's context), correlated with the "
			"new IKE_SA of the same identity that comes up next; repeated "
			"takeovers from other addresses add a shared-identity warning",
		.remedy = "Two IKE_SAs authenticated with the same identity: give "
			"every client its own identity or certificate (remote.id, "
			"eap_id), or choose the uniqueness policy deliberately with "
			"unique = no|never|keep|replace; unique = keep locks a crashed "
			"client out until DPD clears its old SA. Legacy ipsec.conf (5.x "
			"stroke): rightid, eap_identity, config setup "
			"uniqueids=yes|no|never|keep|replace. Then swanctl --load-conns.",
		.fix = VPNDIAG_FIX_EITHER,
	},
	[VPNDIAG_MAX_TRANSMIT_REACHED] = {
		.code = VPNDIAG_MAX_TRANSMIT_REACHED,
		.name = "max transmit reached",
		.id = "max-transmit-reached",
		.msgid = 47,
		.category = VPNDIAG_CAT_NEGOTIATION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_ERR,
		.produced = VPNDIAG_PRODUCED_DIRECT,
		.description = "The number of retransmitted packets reaches the "
			"maximum.",
		.detection = "ALERT_RETRANSMIT_SEND_TIMEOUT ('giving up after N "
			"retransmits') of IKE_SA_INIT, IKE_AUTH, CREATE_CHILD_SA or a "
			"non-DPD INFORMATIONAL; during setup followed by "
			"ALERT_PEER_INIT_UNREACHABLE",
		.remedy = "The peer never answered: check that its public address "
			"is right and reachable (remote_addrs, ping it), and watch the "
			"path with tcpdump -ni any 'udp port 500 or udp port 4500 or "
			"esp' on both ends (many vendors silently drop IKE_SA_INIT from "
			"unknown peers); security groups and ACLs must allow UDP 500, "
			"UDP 4500 and ESP (IP protocol 50). IKE_AUTH may be lost after "
			"the move to UDP 4500 (with MOBIKE, the default, even without "
			"NAT; mobike = no keeps IKE on UDP 500) or as IP fragments (keep "
			"fragmentation = yes, the default). keyingtries defaults to 1, "
			"so the initiator gives up after one retransmit sequence: "
			"keyingtries = 0 retries forever, start_action = trap "
			"re-initiates on traffic. strongswan.conf "
			"charon.retransmit_tries, retransmit_timeout and retransmit_base "
			"set the give-up time. Legacy ipsec.conf (5.x stroke): right, "
			"mobike=no, fragmentation=yes, keyingtries=%forever, auto=route. "
			"Then swanctl --load-conns.",
		.fix = VPNDIAG_FIX_EITHER,
	},
	/* connection disconnection */
	[VPNDIAG_DPD_TIMEOUT] = {
		.code = VPNDIAG_DPD_TIMEOUT,
		.name = "dpd timeout",
		.id = "dpd-timeout",
		.msgid = 48,
		.category = VPNDIAG_CAT_DISCONNECTION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_ERR,
		.produced = VPNDIAG_PRODUCED_DIRECT,
		.description = "DPD detection times out.",
		.detection = "ALERT_RETRANSMIT_SEND_TIMEOUT while a DPD (or MOBIKE "
			"liveness) INFORMATIONAL was outstanding, then the IKE_SA goes "
			"down; IKEv1: 'DPD check timed out, enforcing DPD action' "
			"(retransmit alert without a packet)",
		.remedy = "The peer stopped answering liveness checks: check that "
			"it is up and the path still passes UDP 500/4500 (NAT mappings: "
			"strongswan.conf charon.keep_alive), and compare dpd_delay and, "
			"for IKEv1, dpd_timeout with the peer (IKEv2 gives up after "
			"charon.retransmit_*). Choose the recovery with the child's "
			"dpd_action: trap re-establishes on traffic; restart with "
			"keyingtries = 1 (the default) still ends down after one failed "
			"attempt, so combine it with keyingtries = 0. Legacy ipsec.conf "
			"(5.x stroke): dpddelay, dpdtimeout, "
			"dpdaction=restart|hold|clear, keyingtries. Then swanctl "
			"--load-conns.",
		.fix = VPNDIAG_FIX_EITHER,
	},
	[VPNDIAG_PEER_REQUEST] = {
		.code = VPNDIAG_PEER_REQUEST,
		.name = "peer request",
		.id = "peer-request",
		.msgid = 49,
		.category = VPNDIAG_CAT_DISCONNECTION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_NOTICE,
		.produced = VPNDIAG_PRODUCED_DIRECT,
		.description = "The remote end sends a message, asking the local end "
			"to tear down a tunnel.",
		.detection = "Incoming INFORMATIONAL with DELETE for our IKE_SA "
			"('received DELETE for IKE_SA ...') or a CHILD_SA ('received "
			"DELETE for ESP CHILD_SA with SPI ...'); IKEv1: ISAKMP or Quick "
			"Mode DELETE",
		.remedy = "The peer closed the SA on purpose or after its own "
			"failure: read its log for the reason (manual clear, config "
			"change, its lifetimes or DPD); if it deletes because its "
			"lifetimes are shorter, align rekey_time/life_time so that "
			"rekeying comes first; close_action = trap or start "
			"re-establishes after a delete from the peer (it acts on the "
			"peer's closes only). Legacy ipsec.conf (5.x stroke): "
			"ikelifetime, lifetime, closeaction. Then swanctl --load-conns.",
		.fix = VPNDIAG_FIX_PEER,
	},
	[VPNDIAG_CONFIG_MODIFY_OFFLINE] = {
		.code = VPNDIAG_CONFIG_MODIFY_OFFLINE,
		.name = "config modify or manual offline",
		.id = "config-modify-offline",
		.msgid = 50,
		.category = VPNDIAG_CAT_DISCONNECTION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_NOTICE,
		.produced = VPNDIAG_PRODUCED_PARTIAL,
		.description = "The SA is automatically deleted due to configuration "
			"modification, or is manually deleted.",
		.detection = "No reason on the bus: vici 'closing IKE_SA #N' or "
			"'closing X #N' when a connection is unloaded or replaced, or a "
			"local DELETE or terminate without a preceding expiry, retransmit "
			"timeout or peer DELETE",
		.remedy = "Expected after swanctl --load-conns without the "
			"connection or with a changed one, or after swanctl --terminate; "
			"if unexpected, find who changed or reloaded the configuration "
			"(automation, configuration management). A loaded connection "
			"with start_action = start is initiated when loaded, "
			"start_action = trap installs a trap policy that re-initiates on "
			"traffic; neither acts after a terminate: re-initiate with "
			"swanctl --initiate --child <child>. Legacy ipsec.conf (5.x "
			"stroke): ipsec reload/update/down, auto=start|route, ipsec up. "
			"Then swanctl --load-conns.",
		.fix = VPNDIAG_FIX_LOCAL,
	},
	[VPNDIAG_P1_HARD_EXPIRY] = {
		.code = VPNDIAG_P1_HARD_EXPIRY,
		.name = "phase1 hard expiry",
		.id = "p1-hard-expiry",
		.msgid = 51,
		.category = VPNDIAG_CAT_DISCONNECTION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_ERR,
		.produced = VPNDIAG_PRODUCED_DIRECT,
		.description = "In phase 1, hard timeout (no new SA negotiation "
			"succeeds) occurs.",
		.detection = "ALERT_IKE_SA_EXPIRED with a non-zero delete time "
			"('maximum IKE_SA lifetime'), then the IKE_SA goes down",
		.remedy = "The IKE_SA reached its hard lifetime without a "
			"successful rekey or reauthentication: look for the preceding "
			"rekey fail or max transmit reached, check that "
			"rekey_time/reauth_time and over_time leave enough time, and "
			"that the peer accepts the rekey proposals (proposals). Legacy "
			"ipsec.conf (5.x stroke): ikelifetime, reauth, margintime, ike=. "
			"Then swanctl --load-conns.",
		.fix = VPNDIAG_FIX_EITHER,
	},
	[VPNDIAG_P2_HARD_EXPIRY] = {
		.code = VPNDIAG_P2_HARD_EXPIRY,
		.name = "phase2 hard expiry",
		.id = "p2-hard-expiry",
		.msgid = 52,
		.category = VPNDIAG_CAT_DISCONNECTION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_ERR,
		.produced = VPNDIAG_PRODUCED_DIRECT,
		.description = "A hard timeout occurs in phase 2.",
		.detection = "Kernel hard expire ('closing expired CHILD_SA'), "
			"child_updown down with the hard lifetime reached",
		.remedy = "The CHILD_SA reached its hard limit (life_time, "
			"life_bytes, life_packets) before a rekey succeeded: look for "
			"the preceding CHILD_SA rekey failure, keep rekey_time well "
			"below life_time, and check that the peer accepts esp_proposals "
			"including the PFS group at rekey. Legacy ipsec.conf (5.x "
			"stroke): lifetime, lifebytes, lifepackets, margintime, esp=. "
			"Then swanctl --load-conns.",
		.fix = VPNDIAG_FIX_EITHER,
	},
	[VPNDIAG_HEARTBEAT_TIMEOUT] = {
		.code = VPNDIAG_HEARTBEAT_TIMEOUT,
		.name = "heartbeat timeout",
		.id = "heartbeat-timeout",
		.msgid = 53,
		.category = VPNDIAG_CAT_DISCONNECTION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_ERR,
		.produced = VPNDIAG_PRODUCED_PARTIAL,
		.description = "Heartbeat detection times out.",
		.detection = "No proprietary heartbeat in strongSwan; nearest is the "
			"DPD timeout (IKEv1 DPD timeout job, IKEv2 DPD retransmit "
			"timeout); NAT keepalives are send-only",
		.remedy = "strongSwan's heartbeat is DPD: check it as for dpd "
			"timeout (dpd_delay, for IKEv1 dpd_timeout, for IKEv2 "
			"strongswan.conf charon.retransmit_*, dpd_action) and that the "
			"path passes UDP 500/4500; the ha plugin's "
			"charon.plugins.ha.heartbeat_timeout only moves cluster "
			"segments. Legacy ipsec.conf (5.x stroke): dpddelay, dpdtimeout, "
			"dpdaction. Then swanctl --load-conns.",
		.fix = VPNDIAG_FIX_EITHER,
		.unreported = "strongSwan has no heartbeat: a lost peer is recorded as dpd "
			"timeout",
	},
	[VPNDIAG_REAUTH_TIMEOUT] = {
		.code = VPNDIAG_REAUTH_TIMEOUT,
		.name = "re-auth timeout",
		.id = "reauth-timeout",
		.msgid = 54,
		.category = VPNDIAG_CAT_DISCONNECTION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_ERR,
		.produced = VPNDIAG_PRODUCED_PARTIAL,
		.description = "The SA is deleted because the re-authentication times "
			"out.",
		.detection = "Responder that cannot reauthenticate (virtual IP, EAP, "
			"XAuth): 'initiator did not reauthenticate as requested, IKE_SA X "
			"will timeout in ...' (ike_sa.c:reauth()) then "
			"ALERT_IKE_SA_EXPIRED or the initiator's DELETE at the announced "
			"AUTH_LIFETIME: vpndiag records this; initiator: the "
			"reestablishment fails (ike_reestablish_post not initiated, then "
			"a retransmit timeout on the new IKE_SA), recorded as the failure "
			"it ran into",
		.remedy = "Check that the side that must reauthenticate does so in "
			"time: reauth_time and over_time, the peer's AUTH_LIFETIME, the "
			"credentials the new IKE_SA needs (EAP or XAuth user "
			"interaction), and strongswan.conf charon.make_before_break "
			"(5.9.x default no: break-before-make). Legacy ipsec.conf (5.x "
			"stroke): reauth=yes, ikelifetime, margintime. Then swanctl "
			"--load-conns.",
		.fix = VPNDIAG_FIX_EITHER,
	},
	[VPNDIAG_AAA_CUT_USER] = {
		.code = VPNDIAG_AAA_CUT_USER,
		.name = "aaa cut user",
		.id = "aaa-cut-user",
		.msgid = 55,
		.category = VPNDIAG_CAT_DISCONNECTION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_NOTICE,
		.produced = VPNDIAG_PRODUCED_PARTIAL,
		.description = "The SA is deleted because the AAA module logs out the "
			"user.",
		.detection = "RADIUS DAE Disconnect-Request ('closing N IKE_SAs "
			"matching ..., sending ...'), CoA or Session-Timeout through the "
			"auth lifetime, or 'deleting all IKE_SAs after RADIUS timeout'; "
			"followed by a normal local delete",
		.remedy = "The AAA server ended the session: check the RADIUS "
			"server's policy and log (Session-Timeout, Disconnect-Request) "
			"and strongswan.conf charon.plugins.eap-radius.dae.* and "
			"charon.plugins.eap-radius.close_all_on_timeout (plugin settings "
			"take a charon restart).",
		.fix = VPNDIAG_FIX_LOCAL,
		.unreported = "no rule: the eap-radius plugin's Disconnect-Request, CoA and "
			"Session-Timeout deletes reach vpndiag as a local delete "
			"(manual offline); its log lines are not matched",
	},
	[VPNDIAG_IP_ADDRESS_SYNC_FAIL] = {
		.code = VPNDIAG_IP_ADDRESS_SYNC_FAIL,
		.name = "ip address syn failed",
		.id = "ip-address-sync-fail",
		.msgid = 56,
		.category = VPNDIAG_CAT_DISCONNECTION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_ERR,
		.produced = VPNDIAG_PRODUCED_NO,
		.why_not = "Vendor hot-standby address synchronisation; strongSwan's "
			"ha plugin raises no event for sync failures.",
		.description = "IP addresses fail to be synchronized.",
		.detection = "Never produced",
		.remedy = "For strongSwan high availability check the ha plugin "
			"instead: strongswan.conf charon.plugins.ha.local, remote, "
			"secret and segment_count on both nodes and that the sync "
			"traffic (UDP 4510) passes between them (plugin settings take a "
			"charon restart).",
		.fix = VPNDIAG_FIX_LOCAL,
	},
	[VPNDIAG_PORT_MISMATCH_EXPIRY] = {
		.code = VPNDIAG_PORT_MISMATCH_EXPIRY,
		.name = "hard expiry triggered by port mismatch",
		.id = "port-mismatch-expiry",
		.msgid = 57,
		.category = VPNDIAG_CAT_DISCONNECTION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_ERR,
		.produced = VPNDIAG_PRODUCED_PARTIAL,
		.description = "Hard timeout occurs due to a NAT port number mismatch.",
		.detection = "charon updates instead of expiring: kernel NAT mapping "
			"change ('NAT mappings of CHILD_SA ... changed to ..., queuing "
			"update job') then the ike_update hook; MOBIKE 'detected changes "
			"in NAT mappings'",
		.remedy = "A NAT device changed the peer's source port: keep NAT "
			"mappings stable (longer UDP timeouts on the NAT device, "
			"strongswan.conf charon.keep_alive below that timeout), keep "
			"MOBIKE enabled (mobike = yes) so charon follows the change, and "
			"force UDP encapsulation (encap = yes) if the NAT is not "
			"detected. Legacy ipsec.conf (5.x stroke): mobike=yes, "
			"forceencaps=yes. Then swanctl --load-conns.",
		.fix = VPNDIAG_FIX_EITHER,
		.unreported = "charon updates the SA to the new NAT mapping instead of "
			"expiring it: the change is recorded as peer address switch",
	},
	[VPNDIAG_KICK_OLD_SA_SAME_FLOW] = {
		.code = VPNDIAG_KICK_OLD_SA_SAME_FLOW,
		.name = "kick old sa with same flow",
		.id = "kick-old-sa-same-flow",
		.msgid = 58,
		.category = VPNDIAG_CAT_DISCONNECTION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_INFO,
		.produced = VPNDIAG_PRODUCED_PARTIAL,
		.description = "The old SA is deleted when the same flow is "
			"transmitted.",
		.detection = "IKEv1: 'detected rekeying of CHILD_SA' or 'detected "
			"redundant CHILD_SA' (a new Quick Mode with the same selectors "
			"replaces the old one, child_rekey hook); IKEv2 does not create "
			"such duplicates; across IKE_SAs only via ALERT_UNIQUE_REPLACE",
		.remedy = "Usually benign: the peer negotiated the same selectors "
			"again; if it repeats, the peer re-creates instead of rekeying, "
			"so align lifetimes and reauthentication on both ends "
			"(rekey_time, reauth_time) and avoid duplicate connections with "
			"the same local_ts/remote_ts. Legacy ipsec.conf (5.x stroke): "
			"lifetime, reauth, leftsubnet, rightsubnet. Then swanctl "
			"--load-conns.",
		.fix = VPNDIAG_FIX_EITHER,
		.unreported = "no rule: IKEv1 'detected redundant CHILD_SA' (quick_mode.c) is "
			"not matched; replacements by rekeying are phase2 sa replace",
	},
	[VPNDIAG_CPU_TABLE_UPDATED] = {
		.code = VPNDIAG_CPU_TABLE_UPDATED,
		.name = "cpu table updated",
		.id = "cpu-table-updated",
		.msgid = 59,
		.category = VPNDIAG_CAT_DISCONNECTION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_NOTICE,
		.produced = VPNDIAG_PRODUCED_NO,
		.why_not = "Hardware SPU/CPU forwarding-table event of the vendor's "
			"platform; charon has no equivalent.",
		.description = "When an SPU is removed and inserted, the SAs of CPUs "
			"other than the one on the SPU are deleted.",
		.detection = "Never produced",
		.remedy = "No strongSwan equivalent; if SAs vanish without a reason "
			"check the kernel instead: ip xfrm state and ip xfrm policy, and "
			"whether another process flushed the SAD/SPD (ip xfrm state "
			"flush, a charon restart).",
		.fix = VPNDIAG_FIX_LOCAL,
	},
	[VPNDIAG_FLOW_OVERLAP] = {
		.code = VPNDIAG_FLOW_OVERLAP,
		.name = "flow overlap",
		.id = "flow-overlap",
		.msgid = 60,
		.category = VPNDIAG_CAT_DISCONNECTION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_WARNING,
		.produced = VPNDIAG_PRODUCED_PARTIAL,
		.description = "The IP address in the encrypted data flow conflicts "
			"with the remote IP address.",
		.detection = "Not checked by charon (IKE traffic bypasses the "
			"policies); vpndiag computes it at child_updown (up) or narrow: a "
			"traffic selector includes the peer's own IKE address",
		.remedy = "The protected subnet contains the peer gateway's public "
			"address: exclude it from remote_ts with narrower subnets, or "
			"add a bypass child (mode = pass) for traffic to the gateway "
			"address itself. Legacy ipsec.conf (5.x stroke): rightsubnet, "
			"type=passthrough. Then swanctl --load-conns.",
		.fix = VPNDIAG_FIX_LOCAL,
		.unreported = "no rule: vpndiag does not compare traffic selectors with the "
			"IKE addresses (the detection above is a plan, not implemented)",
	},
	[VPNDIAG_SPI_CONFLICT] = {
		.code = VPNDIAG_SPI_CONFLICT,
		.name = "spi conflict",
		.id = "spi-conflict",
		.msgid = 61,
		.category = VPNDIAG_CAT_DISCONNECTION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_ERR,
		.produced = VPNDIAG_PRODUCED_PARTIAL,
		.description = "An SPI conflict occurs.",
		.detection = "Kernel SPI allocation failure ('allocating SPI failed', "
			"'unable to allocate SPIs from kernel') or SAD collision ('unable "
			"to add SAD entry with SPI ...') with "
			"ALERT_INSTALL_CHILD_SA_FAILED; IKE SPI: 'ignoring message, failed "
			"to allocate SPI'",
		.remedy = "Check the kernel SAD for stale or foreign entries with "
			"the same SPI (ip xfrm state), whether other IPsec software or "
			"manual SAs use the same SPI range (strongswan.conf "
			"charon.spi_min, charon.spi_max; a charon restart applies them), "
			"and restart charon cleanly if state was left behind.",
		.fix = VPNDIAG_FIX_LOCAL,
		.unreported = "no rule of its own: an SAD collision is recorded as kernel sa "
			"install fail with the kernel's errno",
	},
	[VPNDIAG_ADMIN_DOWN] = {
		.code = VPNDIAG_ADMIN_DOWN,
		.name = "admin down",
		.id = "admin-down",
		.msgid = 62,
		.category = VPNDIAG_CAT_DISCONNECTION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_NOTICE,
		.produced = VPNDIAG_PRODUCED_PARTIAL,
		.description = "The VPN tunnel status is admin down.",
		.detection = "No per-tunnel admin state; equivalent: the connection "
			"was unloaded or terminated (vici 'closing ...', controller "
			"terminate), a local delete as for config modify or manual offline",
		.remedy = "strongSwan has no admin state: the connection was "
			"unloaded (swanctl --load-conns after removing it from "
			"swanctl.conf) or terminated (swanctl --terminate); add it back "
			"and initiate it (swanctl --initiate --child <child>), or keep "
			"it up with start_action = trap. Legacy ipsec.conf (5.x stroke): "
			"auto=ignore, ipsec reload, ipsec down/up, auto=route. Then "
			"swanctl --load-conns.",
		.fix = VPNDIAG_FIX_LOCAL,
		.unreported = "charon has no per-tunnel admin state: an unload or terminate "
			"is recorded as config modify or manual offline",
	},
	[VPNDIAG_PEER_ADDRESS_SWITCH] = {
		.code = VPNDIAG_PEER_ADDRESS_SWITCH,
		.name = "peer address switch",
		.id = "peer-address-switch",
		.msgid = 63,
		.category = VPNDIAG_CAT_DISCONNECTION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_INFO,
		.produced = VPNDIAG_PRODUCED_DIRECT,
		.description = "The peer address is changed.",
		.detection = "ike_update hook (old endpoints still on the IKE_SA): "
			"'remote endpoint changed from ... to ...', MOBIKE "
			"UPDATE_SA_ADDRESSES or a kernel NAT mapping change",
		.remedy = "Informational: the peer roamed or its NAT mapping "
			"changed and charon followed it; if unexpected, check the peer's "
			"uplink and NAT stability; for roaming peers remote_addrs must "
			"allow the new address (%any) with mobike = yes. Legacy "
			"ipsec.conf (5.x stroke): right=%any, mobike=yes. Then swanctl "
			"--load-conns.",
		.fix = VPNDIAG_FIX_PEER,
	},
	[VPNDIAG_FORWARD_DOWN] = {
		.code = VPNDIAG_FORWARD_DOWN,
		.name = "forward down",
		.id = "forward-down",
		.msgid = 64,
		.category = VPNDIAG_CAT_DISCONNECTION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_ERR,
		.produced = VPNDIAG_PRODUCED_NO,
		.why_not = "Vendor forwarding-plane (fwd group) state; charon has no "
			"equivalent.",
		.description = "The fwd group goes down.",
		.detection = "Never produced",
		.remedy = "No strongSwan equivalent; check the Linux forwarding "
			"path instead: net.ipv4.ip_forward "
			"(net.ipv6.conf.all.forwarding), interface state, and that the "
			"xfrm policies are still installed (ip xfrm policy).",
		.fix = VPNDIAG_FIX_LOCAL,
	},
	[VPNDIAG_RESET_SA_BY_USER] = {
		.code = VPNDIAG_RESET_SA_BY_USER,
		.name = "reset sa by ike user",
		.id = "reset-sa-by-user",
		.msgid = 65,
		.category = VPNDIAG_CAT_DISCONNECTION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_NOTICE,
		.produced = VPNDIAG_PRODUCED_PARTIAL,
		.description = "A user resets the SA.",
		.detection = "vici terminate (swanctl --terminate) then a local "
			"delete; no bus event names the user, inferred as for config "
			"modify or manual offline",
		.remedy = "An operator or script reset the SA (swanctl --terminate "
			"--ike/--child or another vici client): find which one did it. "
			"Neither start_action nor close_action brings back a tunnel "
			"terminated here: re-initiate with swanctl --initiate --child "
			"<child>; for automatic recovery use start_action = trap, whose "
			"trap policy stays installed and re-initiates on traffic. Legacy "
			"ipsec.conf (5.x stroke): ipsec down/up, auto=route. Then "
			"swanctl --load-conns.",
		.fix = VPNDIAG_FIX_LOCAL,
		.unreported = "no bus event names the user: a terminate is recorded as manual "
			"offline",
	},
	[VPNDIAG_P1_SA_REPLACE] = {
		.code = VPNDIAG_P1_SA_REPLACE,
		.name = "phase1 sa replace",
		.id = "p1-sa-replace",
		.msgid = 66,
		.category = VPNDIAG_CAT_DISCONNECTION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_INFO,
		.produced = VPNDIAG_PRODUCED_DIRECT,
		.description = "A new IKE SA replaces the old one.",
		.detection = "ike_rekey hook (IKEv2 rekey); reauthentication: an "
			"IKE_SA deleted with COND_REAUTHENTICATING, or by the peer's "
			"DELETE, followed within replace_wait by a newer IKE_SA of the "
			"same identity (break-before-make), or preceded by one "
			"(make-before-break)",
		.remedy = "Informational, nothing to fix: the IKE_SA was rekeyed or "
			"reauthenticated as scheduled by rekey_time/reauth_time; "
			"frequent replacements mean a short lifetime on one of the ends: "
			"to change it, edit rekey_time or reauth_time. Legacy ipsec.conf "
			"(5.x stroke): ikelifetime, reauth. Then swanctl --load-conns.",
		.fix = VPNDIAG_FIX_EITHER,
	},
	[VPNDIAG_P2_SA_REPLACE] = {
		.code = VPNDIAG_P2_SA_REPLACE,
		.name = "phase2 sa replace",
		.id = "p2-sa-replace",
		.msgid = 67,
		.category = VPNDIAG_CAT_DISCONNECTION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_INFO,
		.produced = VPNDIAG_PRODUCED_DIRECT,
		.description = "A new IPsec SA replaces the old one.",
		.detection = "child_rekey hook (IKEv2 CREATE_CHILD_SA rekey, IKEv1 "
			"Quick Mode rekey)",
		.remedy = "Informational, nothing to fix: the CHILD_SA was rekeyed "
			"as scheduled by the child's rekey_time, rekey_bytes or "
			"rekey_packets; frequent replacements mean short lifetimes on "
			"one of the ends: to change them, edit those keys. Legacy "
			"ipsec.conf (5.x stroke): lifetime, lifebytes, lifepackets "
			"(minus their margins). Then swanctl --load-conns.",
		.fix = VPNDIAG_FIX_EITHER,
	},
	[VPNDIAG_MANUAL_OFFLINE] = {
		.code = VPNDIAG_MANUAL_OFFLINE,
		.name = "manual offline",
		.id = "manual-offline",
		.msgid = 68,
		.category = VPNDIAG_CAT_DISCONNECTION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_NOTICE,
		.produced = VPNDIAG_PRODUCED_PARTIAL,
		.description = "The connection is manually torn down.",
		.detection = "Local terminate (swanctl --terminate, vici terminate): "
			"the IKE_SA is deleted without a preceding expiry, retransmit "
			"timeout or peer DELETE; the peer records peer request",
		.remedy = "Expected after swanctl --terminate; if nobody did it by "
			"hand, look for scripts or vici clients terminating SAs. Neither "
			"start_action nor close_action brings back a tunnel terminated "
			"here: re-initiate with swanctl --initiate --child <child>; for "
			"automatic recovery use start_action = trap, whose trap policy "
			"stays installed. Legacy ipsec.conf (5.x stroke): ipsec down/up, "
			"auto=route. Then swanctl --load-conns.",
		.fix = VPNDIAG_FIX_LOCAL,
	},
	[VPNDIAG_NHRP_NOTIFY] = {
		.code = VPNDIAG_NHRP_NOTIFY,
		.name = "nhrp notify",
		.id = "nhrp-notify",
		.msgid = 69,
		.category = VPNDIAG_CAT_DISCONNECTION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_NOTICE,
		.produced = VPNDIAG_PRODUCED_NO,
		.why_not = "charon has no NHRP/DMVPN module; an external NHRP daemon "
			"terminating SAs looks like manual offline.",
		.description = "The NHRP module notifies the device of SA deletion.",
		.detection = "Never produced",
		.remedy = "No strongSwan equivalent; with an external DMVPN/NHRP "
			"daemon (e.g. opennhrp) check its log, since it terminates SAs "
			"through vici or swanctl.",
		.fix = VPNDIAG_FIX_LOCAL,
	},
	[VPNDIAG_BACKUP_DELETE] = {
		.code = VPNDIAG_BACKUP_DELETE,
		.name = "receive backup delete info",
		.id = "backup-delete",
		.msgid = 70,
		.category = VPNDIAG_CAT_DISCONNECTION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_NOTICE,
		.produced = VPNDIAG_PRODUCED_PARTIAL,
		.description = "The standby device receives an SA backup deletion "
			"message from the active device.",
		.detection = "ha plugin: the active node's IKE_SA delete is applied on "
			"the passive node (ike_state_change from PASSIVE to DESTROYING)",
		.remedy = "Expected on the standby node of a strongSwan HA cluster "
			"when the active node deletes the SA: diagnose the deletion on "
			"the active node, and check that strongswan.conf "
			"charon.plugins.ha.* is consistent on both nodes (plugin "
			"settings take a charon restart).",
		.fix = VPNDIAG_FIX_LOCAL,
		.unreported = "no rule: it needs the ha plugin (IKE_SAs in state PASSIVE), "
			"which vpndiag does not watch and the lab does not run",
	},
	[VPNDIAG_EAP_DELETE_OLD_SA] = {
		.code = VPNDIAG_EAP_DELETE_OLD_SA,
		.name = "eap delete old sa",
		.id = "eap-delete-old-sa",
		.msgid = 71,
		.category = VPNDIAG_CAT_DISCONNECTION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_NOTICE,
		.produced = VPNDIAG_PRODUCED_PARTIAL,
		.description = "When the peer device performs EAP authentication "
			"repeatedly, the local device deletes the old SA.",
		.detection = "Repeated EAP authentication of the same EAP identity: "
			"the uniqueness check (ALERT_UNIQUE_REPLACE or the INITIAL_CONTACT "
			"replace) deletes the old EAP-authenticated IKE_SA",
		.remedy = "A client authenticated again with the same EAP identity "
			"and replaced its old SA, normal after a client reconnect; if "
			"different users share an identity, give each its own EAP "
			"credentials (secrets.eap-<name>) or choose the policy with "
			"unique. Legacy ipsec.conf (5.x stroke): ipsec.secrets EAP, "
			"uniqueids. Then swanctl --load-creds and swanctl --load-conns.",
		.fix = VPNDIAG_FIX_PEER,
		.unreported = "no rule of its own: a repeated EAP identity's replacement is "
			"recorded as sa with same user exists",
	},
	[VPNDIAG_INVALID_SPI_NOTIFY] = {
		.code = VPNDIAG_INVALID_SPI_NOTIFY,
		.name = "receive invalid spi notify",
		.id = "invalid-spi-notify",
		.msgid = 72,
		.category = VPNDIAG_CAT_DISCONNECTION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_WARNING,
		.produced = VPNDIAG_PRODUCED_PARTIAL,
		.description = "The device receives an invalid SPI notification.",
		.detection = "Incoming INVALID_SPI notify (message hook; IKEv1 "
			"'received INVALID_SPI error notify'); charon neither sends it for "
			"unknown ESP SPIs nor deletes SAs because of it",
		.remedy = "The peer receives ESP for an SA it no longer has: the "
			"ends are out of sync (one restarted or deleted a CHILD_SA "
			"without the DELETE arriving); enable DPD (dpd_delay) so stale "
			"SAs are removed, and re-initiate the CHILD_SA (swanctl "
			"--initiate --child <child>). Legacy ipsec.conf (5.x stroke): "
			"dpddelay, ipsec up. Then swanctl --load-conns.",
		.fix = VPNDIAG_FIX_EITHER,
		.unreported = "no rule: an incoming INVALID_SPI notify is not classified "
			"(charon deletes nothing because of it)",
	},
	[VPNDIAG_DNS_STATUS_CHANGE] = {
		.code = VPNDIAG_DNS_STATUS_CHANGE,
		.name = "dns resolution status change",
		.id = "dns-status-change",
		.msgid = 73,
		.category = VPNDIAG_CAT_DISCONNECTION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_ERR,
		.produced = VPNDIAG_PRODUCED_PARTIAL,
		.description = "The DNS resolution status is changed.",
		.detection = "IKE_SA initiation: 'unable to resolve X, initiate "
			"aborted' (ALERT_PEER_ADDR_FAILED) or 'unable to resolve X, "
			"retrying in N s'; hosts are re-resolved only when (re)initiating",
		.remedy = "Check that the DNS name in remote_addrs resolves on the "
			"gateway (resolver, /etc/resolv.conf) to the peer's current "
			"address; strongswan.conf charon.retry_initiate_interval retries "
			"failed resolutions, and established SAs are not re-resolved, so "
			"a changed address first shows as dpd timeout. Legacy ipsec.conf "
			"(5.x stroke): right. Then swanctl --load-conns.",
		.fix = VPNDIAG_FIX_EITHER,
	},
	[VPNDIAG_IKEV1_DEPENDENT_OFFLINE] = {
		.code = VPNDIAG_IKEV1_DEPENDENT_OFFLINE,
		.name = "ikev1 phase1-phase2 sa dependent offline",
		.id = "ikev1-dependent-offline",
		.msgid = 74,
		.category = VPNDIAG_CAT_DISCONNECTION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_NOTICE,
		.produced = VPNDIAG_PRODUCED_DIRECT,
		.description = "The device deletes the associated IPsec SA when "
			"deleting an IKEv1 SA.",
		.detection = "IKEv1 ISAKMP SA deleted (locally or by the peer's "
			"DELETE) taking its Quick Mode SAs down: child_updown down for "
			"every CHILD_SA implied by the IKE_SA's down event",
		.remedy = "Consequence of the IKEv1 ISAKMP SA going down: look at "
			"the code recorded for the ISAKMP SA itself (peer request, dpd "
			"timeout, phase1 hard expiry); with IKEv2 (version = 2) IKE "
			"rekeying keeps the CHILD_SAs. Legacy ipsec.conf (5.x stroke): "
			"keyexchange=ikev2. Then swanctl --load-conns.",
		.fix = VPNDIAG_FIX_EITHER,
		.unreported = "no rule: Quick Mode SAs that go down with their ISAKMP SA "
			"carry the ISAKMP SA's code (peer request, manual offline, ...)",
	},
	[VPNDIAG_EXCHANGE_TIMEOUT] = {
		.code = VPNDIAG_EXCHANGE_TIMEOUT,
		.name = "exchange timeout",
		.id = "exchange-timeout",
		.msgid = 75,
		.category = VPNDIAG_CAT_DISCONNECTION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_ERR,
		.produced = VPNDIAG_PRODUCED_DIRECT,
		.description = "Packet exchange times out.",
		.detection = "Responder: ALERT_HALF_OPEN_TIMEOUT (a half-open IKE_SA "
			"dropped after charon.half_open_timeout, e.g. IKE_AUTH never "
			"arrived); ALERT_RETRANSMIT_SEND_TIMEOUT of another exchange",
		.remedy = "The peer started an exchange but never finished it, most "
			"often because its IKE_AUTH was lost on the way to us after the "
			"move to UDP 4500 (with MOBIKE even without NAT) or as IP "
			"fragments: check that security groups and ACLs allow UDP 4500 "
			"and IP fragments in both directions, keep fragmentation = yes "
			"(the default), or set mobike = no on the initiator if UDP 4500 "
			"stays blocked, and read the peer's log; strongswan.conf "
			"charon.half_open_timeout sets the limit. Legacy ipsec.conf (5.x "
			"stroke): fragmentation=yes, mobike=no. Then swanctl "
			"--load-conns.",
		.fix = VPNDIAG_FIX_EITHER,
	},
	[VPNDIAG_HASH_GENE_ADJUSTED] = {
		.code = VPNDIAG_HASH_GENE_ADJUSTED,
		.name = "hash gene adjusted",
		.id = "hash-gene-adjusted",
		.msgid = 76,
		.category = VPNDIAG_CAT_DISCONNECTION,
		.taxonomy = VPNDIAG_TAX_SEED,
		.severity = VPNDIAG_SEV_NOTICE,
		.produced = VPNDIAG_PRODUCED_NO,
		.why_not = "Vendor load-balancing hash factor; charon has no "
			"equivalent.",
		.description = "The hash factor is adjusted, causing the IPsec tunnel "
			"to be deleted.",
		.detection = "Never produced",
		.remedy = "No strongSwan equivalent; with several gateways behind a "
			"load balancer check that IKE and ESP of one peer stay on the "
			"same node, or use the ha plugin's segments (strongswan.conf "
			"charon.plugins.ha.segment_count).",
		.fix = VPNDIAG_FIX_LOCAL,
	},
	/* extension codes: failures no seed code honestly describes */
	[VPNDIAG_KERNEL_SA_INSTALL_FAIL] = {
		.code = VPNDIAG_KERNEL_SA_INSTALL_FAIL,
		.name = "kernel sa install fail",
		.id = "kernel-sa-install-fail",
		.msgid = 101,
		.category = VPNDIAG_CAT_NEGOTIATION,
		.taxonomy = VPNDIAG_TAX_EXTENSION,
		.severity = VPNDIAG_SEV_ERR,
		.produced = VPNDIAG_PRODUCED_DIRECT,
		.description = "The kernel refused to install the IPsec SA (SAD entry) "
			"of a successfully negotiated CHILD_SA.",
		.detection = "ALERT_INSTALL_CHILD_SA_FAILED (CHILD_SA create or "
			"rekey); the errno is only in the knl log ('unable to add SAD "
			"entry with SPI ... (...)'); IKEv1 Quick Mode logs only and sends "
			"NO_PROPOSAL_CHOSEN",
		.remedy = "Read the errno in charon's knl log: ENOENT (2) or ENOSYS "
			"(38): the kernel lacks the negotiated algorithm or its module "
			"(esp4/esp6, xfrm_user, the crypto modules), choose "
			"esp_proposals it supports; ESN with replay protection disabled "
			"(replay_window = 0): the kernel does not support it, and since "
			"5.9.14 charon refuses to install it; EEXIST: an SA with that "
			"SPI is already installed (ip xfrm state); EPERM: charon lacks "
			"CAP_NET_ADMIN (containers). Also check mark_in/mark_out and "
			"if_id_in/if_id_out. The peer only sees a failed CHILD_SA (often "
			"NO_PROPOSAL_CHOSEN). Legacy ipsec.conf (5.x stroke): esp=, "
			"mark=. Then swanctl --load-conns.",
		.fix = VPNDIAG_FIX_LOCAL,
	},
	[VPNDIAG_KERNEL_POLICY_FAIL] = {
		.code = VPNDIAG_KERNEL_POLICY_FAIL,
		.name = "kernel policy install fail",
		.id = "kernel-policy-fail",
		.msgid = 102,
		.category = VPNDIAG_CAT_NEGOTIATION,
		.taxonomy = VPNDIAG_TAX_EXTENSION,
		.severity = VPNDIAG_SEV_ERR,
		.produced = VPNDIAG_PRODUCED_DIRECT,
		.description = "The kernel refused to install the IPsec policies (SPD "
			"entries) of a negotiated CHILD_SA.",
		.detection = "ALERT_INSTALL_CHILD_POLICY_FAILED (CHILD_SA create); knl "
			"log 'unable to add policy ...' or 'policy already exists, try to "
			"update it'; kernel-libipsec: 'can't install route for ... "
			"conflicts with IKE traffic' (remote_ts is the peer's IKE "
			"address). A charon responder then answers TS_UNACCEPTABLE",
		.remedy = "Check for conflicting or stale policies with the same "
			"selectors (ip xfrm policy), overlapping local_ts/remote_ts in "
			"other connections and other IPsec software managing the SPD; "
			"several peers with 0.0.0.0/0 === 0.0.0.0/0 need distinct "
			"if_id_in/if_id_out (e.g. %unique) or distinct mark_in/mark_out. "
			"With kernel-libipsec, 'conflicts with IKE traffic' means "
			"remote_ts is the peer's own IKE address (a host-to-host tunnel "
			"between the gateways): protect that traffic with the kernel's "
			"IPsec (kernel-netlink without kernel-libipsec), or set "
			"strongswan.conf charon.plugins.kernel-libipsec.allow_peer_ts = "
			"yes together with the fwmark options of kernel-netlink and "
			"socket-default so that IKE packets bypass the TUN route (read "
			"at startup: restart charon). Legacy ipsec.conf (5.x stroke): "
			"leftsubnet, rightsubnet, mark=. Then swanctl --load-conns.",
		.fix = VPNDIAG_FIX_LOCAL,
	},
	[VPNDIAG_AUTHORIZATION_FAIL] = {
		.code = VPNDIAG_AUTHORIZATION_FAIL,
		.name = "authorization fail",
		.id = "authorization-fail",
		.msgid = 103,
		.category = VPNDIAG_CAT_NEGOTIATION,
		.taxonomy = VPNDIAG_TAX_EXTENSION,
		.severity = VPNDIAG_SEV_ERR,
		.produced = VPNDIAG_PRODUCED_DIRECT,
		.description = "Authentication succeeded but an authorization hook "
			"vetoed the IKE_SA.",
		.detection = "ALERT_AUTHORIZATION_FAILED from the bus's authorize hook "
			"('authorization hook forbids IKE_SA, canceling')",
		.remedy = "Authentication succeeded but an authorization hook "
			"refused the peer: only plugins that can refuse do this, "
			"whitelist (the identity is missing from its list, managed with "
			"the whitelist command) or ext-auth (strongswan.conf "
			"charon.plugins.ext-auth.script and its exit code), or a custom "
			"plugin; read their log lines for the rejected identity.",
		.fix = VPNDIAG_FIX_LOCAL,
	},
	[VPNDIAG_WAITING_FOR_TRAFFIC] = {
		.code = VPNDIAG_WAITING_FOR_TRAFFIC,
		.name = "waiting for traffic",
		.id = "waiting-for-traffic",
		.msgid = 104,
		.category = VPNDIAG_CAT_NEGOTIATION,
		.taxonomy = VPNDIAG_TAX_EXTENSION,
		.severity = VPNDIAG_SEV_INFO,
		.produced = VPNDIAG_PRODUCED_DIRECT,
		.description = "An on-demand tunnel is installed as a trap policy but "
			"no matching traffic has triggered its negotiation yet.",
		.detection = "Trap policy installed (child_state_change to "
			"CHILD_ROUTED, start_action = trap) and no acquire from the kernel "
			"for the waiting time",
		.remedy = "The tunnel waits for interesting traffic: send traffic "
			"that matches local_ts/remote_ts, e.g. ping a host in the peer's "
			"subnet from a host in the local subnet, or initiate explicitly "
			"(swanctl --initiate --child <child>) or use start_action = "
			"start; if such traffic is sent but no acquire arrives, check "
			"the selectors and the routing. Legacy ipsec.conf (5.x stroke): "
			"leftsubnet, rightsubnet, ipsec up, auto=start. Then swanctl "
			"--load-conns.",
		.fix = VPNDIAG_FIX_EITHER,
		.unreported = "not a record: it is a connection state of vpndiag --status "
			"(and the metrics), not a failure",
	},
	[VPNDIAG_ONE_WAY_TRAFFIC] = {
		.code = VPNDIAG_ONE_WAY_TRAFFIC,
		.name = "one-way traffic",
		.id = "one-way-traffic",
		.msgid = 105,
		.category = VPNDIAG_CAT_DISCONNECTION,
		.taxonomy = VPNDIAG_TAX_EXTENSION,
		.severity = VPNDIAG_SEV_WARNING,
		.produced = VPNDIAG_PRODUCED_DIRECT,
		.description = "The tunnel is up but an installed CHILD_SA carries "
			"traffic in one direction only: one direction's packet counter "
			"grows while the other's stays still for traffic.window.",
		.detection = "Sampled, not a bus event: a job on charon's scheduler "
			"reads child_sa_t.get_usestats() (the kernel interface's query_sa) "
			"of every installed CHILD_SA each traffic.interval; CHILD_SAs "
			"sharing a reqid (rekeys) count as one flow. An info record (cause "
			"traffic-restored) when both directions flow again.",
		.remedy = "Nothing arrives (no-inbound): the peer's policy, route or "
			"firewall for our subnets, or ESP / UDP 4500 filtered on the path "
			"towards us; nothing leaves (no-outbound): our route into the "
			"tunnel, IP forwarding, NAT before IPsec or a firewall on this "
			"host. vpndiag --probe CONN --ping ADDR tests the path. If the "
			"selectors are wrong, correct local_ts/remote_ts (legacy "
			"ipsec.conf: leftsubnet/rightsubnet) on the side that has them "
			"wrong, then run swanctl --load-conns there.",
		.fix = VPNDIAG_FIX_EITHER,
	},
	[VPNDIAG_IKE_PORT_UNAVAILABLE] = {
		.code = VPNDIAG_IKE_PORT_UNAVAILABLE,
		.name = "ike port unavailable",
		.id = "ike-port-unavailable",
		.msgid = 106,
		.category = VPNDIAG_CAT_NEGOTIATION,
		.taxonomy = VPNDIAG_TAX_EXTENSION,
		.severity = VPNDIAG_SEV_ERR,
		.produced = VPNDIAG_PRODUCED_DIRECT,
		.description = "charon has no socket on an IKE port (UDP 500 or "
			"4500) because another process holds it: it neither receives "
			"nor answers IKE there, and its peers only see silence.",
		.detection = "socket_default_socket.c open_socket() 'unable to bind "
			"socket: Address already in use', then open_socketpair() 'could "
			"not open IPv4 socket, IPv4 disabled' or 'could not open IPv4 "
			"NAT-T socket', logged once while the plugins load (usually "
			"before vpndiag) and never retried; vpndiag checks once charon "
			"has started which processes own the UDP sockets on "
			"charon.port and charon.port_nat_t (/proc/net/udp, udp6 and "
			"/proc/<pid>/fd)",
		.remedy = "Stop the other process that holds the port (often a "
			"second IKE daemon: the strongswan-starter and strongswan units "
			"both enabled, libreswan's pluto, racoon) or move charon to "
			"other ports (strongswan.conf charon.port and charon.port_nat_t; "
			"peers must then use them), then restart charon: it binds its "
			"sockets only when it starts.",
		.fix = VPNDIAG_FIX_LOCAL,
	},
};

/**
 * Accepted spellings that are neither a name nor an id.
 */
static const struct {
	const char *alias;
	vpndiag_code_t code;
} aliases[] = {
	/* the seed's typo, corrected */
	{ "flow conflict", VPNDIAG_FLOW_CONFLICT },
};

/*
 * Described in header
 */
const vpndiag_code_info_t *vpndiag_code_info(vpndiag_code_t code)
{
	if ((int)code <= VPNDIAG_CODE_NONE || code >= VPNDIAG_CODE_MAX ||
		!codes[code].name)
	{
		return NULL;
	}
	return &codes[code];
}

/**
 * Compare a string with an id in enum style: optional "VPNDIAG_" prefix,
 * '_' for '-', any case.
 */
static bool enum_alias_matches(const char *str, const char *id)
{
	if (strncasecmp(str, "VPNDIAG_", strlen("VPNDIAG_")) == 0)
	{
		str += strlen("VPNDIAG_");
	}
	for (; *str && *id; str++, id++)
	{
		char c = *str == '_' ? '-' : *str;

		if (c >= 'A' && c <= 'Z')
		{
			c = c - 'A' + 'a';
		}
		if (c != *id)
		{
			return false;
		}
	}
	return *str == '\0' && *id == '\0';
}

/*
 * Described in header
 */
const vpndiag_code_info_t *vpndiag_code_lookup(const char *name)
{
	int i;

	if (!name || !*name)
	{
		return NULL;
	}
	for (i = VPNDIAG_CODE_NONE + 1; i < VPNDIAG_CODE_MAX; i++)
	{
		if (codes[i].name &&
			(strcasecmp(name, codes[i].name) == 0 ||
			 strcasecmp(name, codes[i].id) == 0))
		{
			return &codes[i];
		}
	}
	for (i = VPNDIAG_CODE_NONE + 1; i < VPNDIAG_CODE_MAX; i++)
	{
		if (codes[i].id && enum_alias_matches(name, codes[i].id))
		{
			return &codes[i];
		}
	}
	for (i = 0; i < (int)(sizeof(aliases) / sizeof(aliases[0])); i++)
	{
		if (strcasecmp(name, aliases[i].alias) == 0)
		{
			return vpndiag_code_info(aliases[i].code);
		}
	}
	return NULL;
}

/*
 * Described in header
 */
const char *vpndiag_category_name(vpndiag_category_t category)
{
	switch (category)
	{
		case VPNDIAG_CAT_NEGOTIATION:
			return "negotiation failure";
		case VPNDIAG_CAT_DISCONNECTION:
			return "connection disconnection";
	}
	return "unknown";
}

/*
 * Described in header
 */
const char *vpndiag_severity_name(vpndiag_severity_t severity)
{
	switch (severity)
	{
		case VPNDIAG_SEV_ERR:
			return "err";
		case VPNDIAG_SEV_WARNING:
			return "warning";
		case VPNDIAG_SEV_NOTICE:
			return "notice";
		case VPNDIAG_SEV_INFO:
			return "info";
	}
	return "unknown";
}

/*
 * Described in header
 */
const char *vpndiag_fix_name(vpndiag_fix_t fix)
{
	switch (fix)
	{
		case VPNDIAG_FIX_LOCAL:
			return "local";
		case VPNDIAG_FIX_PEER:
			return "peer";
		case VPNDIAG_FIX_EITHER:
			return "either";
	}
	return "unknown";
}

/*
 * Described in header
 */
const char *vpndiag_taxonomy_name(vpndiag_taxonomy_t taxonomy)
{
	switch (taxonomy)
	{
		case VPNDIAG_TAX_SEED:
			return "seed";
		case VPNDIAG_TAX_EXTENSION:
			return "extension";
	}
	return "unknown";
}

/*
 * Described in header
 */
const char *vpndiag_produced_name(vpndiag_produced_t produced)
{
	switch (produced)
	{
		case VPNDIAG_PRODUCED_DIRECT:
			return "direct";
		case VPNDIAG_PRODUCED_PARTIAL:
			return "partial";
		case VPNDIAG_PRODUCED_NO:
			return "no";
	}
	return "unknown";
}
