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

#include "vpndiag_cause.h"

#include <stddef.h>
#include <string.h>
#include <strings.h>

/**
 * The cause table, indexed by vpndiag_cause_t.
 *
 * fix and confidence are the defaults of a record with this cause; rules
 * do not change them. A variant row (same code and slug as an earlier row)
 * leaves .meaning empty: it documents itself through the first row.
 *
 * The id of a row is frozen once released, see tests/unit/cause_ids.golden.
 */
static const vpndiag_cause_info_t causes[VPNDIAG_CAUSE_MAX] = {
	[VPNDIAG_CAUSE_P1_NO_COMMON_PROPOSAL] = {
		.cause = VPNDIAG_CAUSE_P1_NO_COMMON_PROPOSAL,
		.id = "no-common-proposal",
		.code = VPNDIAG_P1_PROPOSAL_MISMATCH,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "the peer's IKE proposals and ours have no transform set "
			"in common (the mismatch list names the transform types)",
	},
	[VPNDIAG_CAUSE_NO_COMMON_KE_METHOD] = {
		.cause = VPNDIAG_CAUSE_NO_COMMON_KE_METHOD,
		.id = "no-common-ke-method",
		.code = VPNDIAG_RESPONDER_DH_MISMATCH,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "the IKE proposals would match but for the key exchange "
			"(DH) group",
	},
	[VPNDIAG_CAUSE_P1_PEER_REJECTED_PROPOSAL] = {
		.cause = VPNDIAG_CAUSE_P1_PEER_REJECTED_PROPOSAL,
		.id = "peer-rejected-proposal",
		.code = VPNDIAG_P1_PROPOSAL_MISMATCH,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_LOW,
		.meaning = "the peer answered NO_PROPOSAL_CHOSEN to our IKE "
			"proposals: no common proposal, or no IKE config there "
			"for our address or IKE version",
	},
	[VPNDIAG_CAUSE_PEER_REQUESTED_OTHER_KE] = {
		.cause = VPNDIAG_CAUSE_PEER_REQUESTED_OTHER_KE,
		.id = "peer-requested-other-ke",
		.code = VPNDIAG_INITIATOR_DH_MISMATCH,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_LOW,
		.meaning = "the peer answered INVALID_KE_PAYLOAD asking for a key "
			"exchange method we do not offer",
	},
	[VPNDIAG_CAUSE_P2_NO_COMMON_PROPOSAL] = {
		.cause = VPNDIAG_CAUSE_P2_NO_COMMON_PROPOSAL,
		.id = "no-common-proposal",
		.code = VPNDIAG_P2_PROPOSAL_PFS_MISMATCH,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "the peer's ESP/AH proposals and ours have no transform "
			"set in common",
	},
	[VPNDIAG_CAUSE_PFS_MISMATCH] = {
		.cause = VPNDIAG_CAUSE_PFS_MISMATCH,
		.id = "pfs-mismatch",
		.code = VPNDIAG_P2_PROPOSAL_PFS_MISMATCH,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "the ESP/AH proposals would match but for the PFS key "
			"exchange group",
	},
	[VPNDIAG_CAUSE_P2_PEER_REJECTED_PROPOSAL] = {
		.cause = VPNDIAG_CAUSE_P2_PEER_REJECTED_PROPOSAL,
		.id = "peer-rejected-proposal",
		.code = VPNDIAG_P2_PROPOSAL_PFS_MISMATCH,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_LOW,
		.meaning = "the peer answered NO_PROPOSAL_CHOSEN to our CHILD_SA "
			"proposals: ESP transforms, PFS group, or its kernel "
			"install failed",
	},
	[VPNDIAG_CAUSE_PEER_USES_IKEV1] = {
		.cause = VPNDIAG_CAUSE_PEER_USES_IKEV1,
		.id = "peer-uses-ikev1",
		.code = VPNDIAG_VERSION_MISMATCH,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "the peer initiated with IKEv1, our connection for its "
			"address is IKEv2 only",
	},
	[VPNDIAG_CAUSE_PEER_USES_IKEV2] = {
		.cause = VPNDIAG_CAUSE_PEER_USES_IKEV2,
		.id = "peer-uses-ikev2",
		.code = VPNDIAG_VERSION_MISMATCH,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "the peer initiated with IKEv2, our connection for its "
			"address is IKEv1 only",
	},
	[VPNDIAG_CAUSE_PEER_REJECTED_VERSION] = {
		.cause = VPNDIAG_CAUSE_PEER_REJECTED_VERSION,
		.id = "peer-rejected-version",
		.code = VPNDIAG_UNSUPPORTED_VERSION,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_LOW,
		.meaning = "the peer answered INVALID_MAJOR_VERSION: it does not "
			"speak our IKE version",
	},
	[VPNDIAG_CAUSE_REVERSED_ADDRESSES] = {
		.cause = VPNDIAG_CAUSE_REVERSED_ADDRESSES,
		.id = "reversed-addresses",
		.code = VPNDIAG_PEER_ADDRESS_MISMATCH,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "no IKE config for the packet's addresses, but one with "
			"local and remote addresses the other way round",
	},
	[VPNDIAG_CAUSE_LOCAL_ADDRESS_MISMATCH] = {
		.cause = VPNDIAG_CAUSE_LOCAL_ADDRESS_MISMATCH,
		.id = "local-address-mismatch",
		.code = VPNDIAG_LOCAL_ADDRESS_MISMATCH,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "the peer reached us at a local address its connection "
			"does not expect",
	},
	[VPNDIAG_CAUSE_UNKNOWN_PEER_ADDRESS] = {
		.cause = VPNDIAG_CAUSE_UNKNOWN_PEER_ADDRESS,
		.id = "unknown-peer-address",
		.code = VPNDIAG_PEER_ADDRESS_MISMATCH,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "no connection has the packet's source as remote address",
	},
	[VPNDIAG_CAUSE_NO_PEER_ADDRESS] = {
		.cause = VPNDIAG_CAUSE_NO_PEER_ADDRESS,
		.id = "no-peer-address",
		.code = VPNDIAG_PEER_ADDRESS_MISMATCH,
		.fix = VPNDIAG_FIX_LOCAL,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "vpndiag --probe: the connection has no concrete remote "
			"address (remote_addrs %any), only the peer can initiate "
			"it",
	},
	/* IKEv2 childless initiation (RFC 6023), child_create.c 5.9.8:
	 * handle_childless() answers INVALID_SYNTAX, defer_child_sa() gives up */
	[VPNDIAG_CAUSE_CHILDLESS_FORCED] = {
		.cause = VPNDIAG_CAUSE_CHILDLESS_FORCED,
		.id = "childless-forced",
		.code = VPNDIAG_EXCHANGE_MODE_MISMATCH,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "our childless = force refused the peer's regular IKE_AUTH "
			"(it created a CHILD_SA with the IKE_SA); we answered "
			"INVALID_SYNTAX",
		.remedy = "Make both ends agree on childless IKE_SA initiation "
			"(RFC 6023): set childless = allow (the default) in this "
			"connection in swanctl.conf to accept the peer's first CHILD_SA "
			"in IKE_AUTH, or make the peer initiate childless (strongSwan: "
			"childless = force there, 5.8.0 or later). Then "
			"swanctl --load-conns.",
	},
	[VPNDIAG_CAUSE_CHILDLESS_REFUSED] = {
		.cause = VPNDIAG_CAUSE_CHILDLESS_REFUSED,
		.id = "childless-refused",
		.code = VPNDIAG_EXCHANGE_MODE_MISMATCH,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "our childless = never refused the peer's childless "
			"IKE_AUTH (no CHILD_SA with the IKE_SA); we answered "
			"INVALID_SYNTAX",
		.remedy = "Make both ends agree on childless IKE_SA initiation "
			"(RFC 6023): set childless = allow (the default) in this "
			"connection in swanctl.conf to accept IKE_SAs without a first "
			"CHILD_SA, or make the peer create one in IKE_AUTH (strongSwan: "
			"childless = allow there and initiate a child, not only the "
			"IKE_SA). Then swanctl --load-conns.",
	},
	[VPNDIAG_CAUSE_CHILDLESS_UNSUPPORTED] = {
		.cause = VPNDIAG_CAUSE_CHILDLESS_UNSUPPORTED,
		.id = "childless-unsupported",
		.code = VPNDIAG_EXCHANGE_MODE_MISMATCH,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "our childless = force needs the peer's "
			"CHILDLESS_IKEV2_SUPPORTED, which its IKE_SA_INIT response "
			"lacked; charon gave up the IKE_SA before IKE_AUTH",
		.remedy = "Make both ends agree on childless IKE_SA initiation "
			"(RFC 6023): the peer does not accept childless IKE_SAs "
			"(strongSwan: childless = never there, or a version before "
			"5.8.0 or another implementation without RFC 6023); set "
			"childless = allow (the default) in this connection in "
			"swanctl.conf, or childless = allow on the peer. Then swanctl "
			"--load-conns.",
	},
	[VPNDIAG_CAUSE_PEER_REJECTED_CHILDLESS] = {
		.cause = VPNDIAG_CAUSE_PEER_REJECTED_CHILDLESS,
		.id = "peer-rejected-childless",
		.code = VPNDIAG_EXCHANGE_MODE_MISMATCH,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_MEDIUM,
		.meaning = "the peer authenticated us, then answered INVALID_SYNTAX "
			"to our IKE_AUTH: a strongSwan peer does so when its childless "
			"setting refuses how we initiated",
		.remedy = "Compare the childless setting of both ends (RFC 6023): "
			"childless = force on the peer refuses our first CHILD_SA in "
			"IKE_AUTH, childless = never there refuses an IKE_SA initiated "
			"without one. The peer's log names it ('peer did not initiate a "
			"childless IKE_SA' or 'peer tried to initiate a childless "
			"IKE_SA'); if it shows a parse error instead, the peer could not "
			"read our IKE_AUTH. Set childless = allow (the default) on the "
			"end that forces or refuses it, in swanctl.conf. Then swanctl "
			"--load-conns.",
	},
	[VPNDIAG_CAUSE_PSK_MISMATCH] = {
		.cause = VPNDIAG_CAUSE_PSK_MISMATCH,
		.id = "psk-mismatch",
		.code = VPNDIAG_AUTH_FAIL,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "the pre-shared keys differ (IKEv2: the AUTH payload's "
			"MAC did not verify)",
	},
	[VPNDIAG_CAUSE_PSK_MISMATCH_V1] = {
		.cause = VPNDIAG_CAUSE_PSK_MISMATCH_V1,
		.id = "psk-mismatch",
		.code = VPNDIAG_AUTH_FAIL,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_MEDIUM,
	},
	[VPNDIAG_CAUSE_PSK_AMBIGUOUS_V1] = {
		.cause = VPNDIAG_CAUSE_PSK_AMBIGUOUS_V1,
		.id = "psk-ambiguous",
		.code = VPNDIAG_AUTH_FAIL,
		.fix = VPNDIAG_FIX_LOCAL,
		.confidence = VPNDIAG_CONF_MEDIUM,
		.meaning = "IKEv1 Main Mode responder: several connections accept "
			"the peer's address with different pre-shared keys, and charon "
			"had to pick one before it could decrypt the peer's ID; the one "
			"it picked did not decrypt (or the keys simply differ)",
		.remedy = "A Main Mode responder needs the PSK to decrypt the "
			"peer's ID, so it picks the key by addresses only: the first "
			"connection for these addresses whose configured local.id and "
			"remote.id have a secret (ikev1/phase1.c lookup_shared_key()); "
			"with several %any IKEv1 PSK connections every peer gets that "
			"key. Make the address decide (distinct remote_addrs per "
			"connection), or give all these peers one secret (one "
			"secrets.ike-<name> section with their ids), or use IKEv2 "
			"(version = 2), which sends the ID before the key is needed. "
			"Aggressive Mode (aggressive = yes) sends the ID in the clear "
			"but exposes a hash of the PSK to offline cracking, and charon "
			"refuses it as responder unless strongswan.conf "
			"charon.i_dont_care_about_security_and_use_aggressive_mode_psk "
			"= yes. Then swanctl --load-creds and swanctl --load-conns.",
	},
	[VPNDIAG_CAUSE_PEER_REJECTED_AUTH] = {
		.cause = VPNDIAG_CAUSE_PEER_REJECTED_AUTH,
		.id = "peer-rejected-auth",
		.code = VPNDIAG_AUTH_FAIL,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_LOW,
		.meaning = "the peer answered AUTHENTICATION_FAILED: PSK, "
			"identities, certificate or exchange mode differ; its log"
			" tells which",
	},
	[VPNDIAG_CAUSE_PEER_REJECTED_PAYLOAD] = {
		.cause = VPNDIAG_CAUSE_PEER_REJECTED_PAYLOAD,
		.id = "peer-rejected-payload",
		.code = VPNDIAG_AUTH_FAIL,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_LOW,
		.meaning = "the peer answered PAYLOAD_MALFORMED during IKEv1 Main "
			"Mode: usually the pre-shared keys differ",
	},
	[VPNDIAG_CAUSE_PEER_AUTH_FAILED] = {
		.cause = VPNDIAG_CAUSE_PEER_AUTH_FAILED,
		.id = "peer-auth-failed",
		.code = VPNDIAG_AUTH_FAIL,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_MEDIUM,
		.meaning = "authenticating the peer failed and no more specific fact"
			" was seen",
	},
	[VPNDIAG_CAUSE_LOCAL_AUTH_FAILED] = {
		.cause = VPNDIAG_CAUSE_LOCAL_AUTH_FAILED,
		.id = "local-auth-failed",
		.code = VPNDIAG_AUTH_FAIL,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_MEDIUM,
		.meaning = "authenticating ourselves to the peer failed and no more "
			"specific fact was seen",
	},
	[VPNDIAG_CAUSE_NO_MATCHING_PEER_CONFIG] = {
		.cause = VPNDIAG_CAUSE_NO_MATCHING_PEER_CONFIG,
		.id = "no-matching-peer-config",
		.code = VPNDIAG_CONFIG_ID_MISMATCH,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "no connection matches the identities the peer sent (its "
			"IDi, and the IDr it asks for)",
	},
	[VPNDIAG_CAUSE_IDR_MISMATCH] = {
		.cause = VPNDIAG_CAUSE_IDR_MISMATCH,
		.id = "idr-mismatch",
		.code = VPNDIAG_CONFIG_ID_MISMATCH,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "the responder identified itself with another identity "
			"than our remote.id requires",
	},
	[VPNDIAG_CAUSE_NO_LOCAL_CREDENTIAL] = {
		.cause = VPNDIAG_CAUSE_NO_LOCAL_CREDENTIAL,
		.id = "no-local-credential",
		.code = VPNDIAG_LOCAL_ID_FAIL,
		.fix = VPNDIAG_FIX_LOCAL,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "we have no shared key or private key for our own "
			"identity",
	},
	[VPNDIAG_CAUSE_AGGRESSIVE_PSK_DISABLED] = {
		.cause = VPNDIAG_CAUSE_AGGRESSIVE_PSK_DISABLED,
		.id = "aggressive-psk-disabled",
		.code = VPNDIAG_EXCHANGE_MODE_MISMATCH,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "IKEv1 Aggressive Mode with PSK is disabled on the "
			"responder "
			"(charon.i_dont_care_about_security_and_use_aggressive_mode_psk)",
	},
	[VPNDIAG_CAUSE_MODE_NOT_ALLOWED] = {
		.cause = VPNDIAG_CAUSE_MODE_NOT_ALLOWED,
		.id = "mode-not-allowed",
		.code = VPNDIAG_EXCHANGE_MODE_MISMATCH,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "IKEv1: matching configs exist, but none allows the "
			"exchange mode (Main/Aggressive) the peer used",
	},
	[VPNDIAG_CAUSE_UNTRUSTED_CA] = {
		.cause = VPNDIAG_CAUSE_UNTRUSTED_CA,
		.id = "untrusted-ca",
		.code = VPNDIAG_AUTH_FAIL,
		.fix = VPNDIAG_FIX_PEER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "the peer's certificate does not chain to a CA we trust "
			"(no issuer found, or an untrusted root)",
		.remedy = "Install the CA certificate that issued the peer's "
			"certificate (and any intermediate CA certificate the peer "
			"does not send) here in /etc/swanctl/x509ca, or name it in "
			"remote.cacerts; check the chain with pki --print --in "
			"<cert> or swanctl --list-certs; then swanctl --load-creds.",
	},
	[VPNDIAG_CAUSE_UNTRUSTED_CA_NO_KEY] = {
		.cause = VPNDIAG_CAUSE_UNTRUSTED_CA_NO_KEY,
		.id = "untrusted-ca",
		.code = VPNDIAG_AUTH_FAIL,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_HIGH,
		.remedy = "The peer asked for certificates of CAs we do not know, "
			"so its CA is not in our trust store, and it sent no "
			"certificate (by default a peer sends one only after our "
			"CERTREQ, which names only CAs we trust): install the peer's CA certificate here in "
			"/etc/swanctl/x509ca (or name it in remote.cacerts); then "
			"swanctl --load-creds.",
	},
	[VPNDIAG_CAUSE_ID_NOT_IN_CERT] = {
		.cause = VPNDIAG_CAUSE_ID_NOT_IN_CERT,
		.id = "id-not-in-cert",
		.code = VPNDIAG_CONFIG_ID_MISMATCH,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "the peer sent a certificate, but its IKE identity is "
			"neither the certificate's subject nor one of its "
			"subjectAltNames, so no trusted key for that identity exists",
		.remedy = "Compare the peer's IKE identity (in the detail) with its "
			"certificate (pki --print --in <cert>, or swanctl "
			"--list-certs): on the peer set local.id to the certificate's "
			"subject DN or one of its subjectAltNames, or issue it a "
			"certificate with that subjectAltName, and set remote.id here"
			" to the same value; then swanctl --load-creds for a new "
			"certificate and swanctl --load-conns.",
	},
	[VPNDIAG_CAUSE_NO_CERT_RECEIVED] = {
		.cause = VPNDIAG_CAUSE_NO_CERT_RECEIVED,
		.id = "no-cert-received",
		.code = VPNDIAG_AUTH_FAIL,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "the peer sent no certificate, and we hold none for its "
			"identity",
		.remedy = "Make the peer send its certificate: send_cert = always on "
			"the peer (the default ifasked sends it only after a CERTREQ,"
			" and we request only CAs in our /etc/swanctl/x509ca) with "
			"its certificate in local.certs; or install a copy of the "
			"peer's certificate here in /etc/swanctl/x509 and name it in "
			"remote.certs; then swanctl --load-creds and swanctl "
			"--load-conns.",
	},
	[VPNDIAG_CAUSE_CERT_EXPIRED] = {
		.cause = VPNDIAG_CAUSE_CERT_EXPIRED,
		.id = "cert-expired",
		.code = VPNDIAG_PEER_CERT_EXPIRED,
		.fix = VPNDIAG_FIX_PEER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "a certificate of the peer's chain is past its validity: "
			"the peer's end-entity certificate, an intermediate CA "
			"certificate, or our trusted copy of the root CA (the detail "
			"names which)",
		.remedy = "Renew the peer's end-entity certificate the record names "
			"and install it on the peer (its /etc/swanctl/x509, "
			"local.certs); inspect it with pki --print --in <cert>; then "
			"swanctl --load-creds on the peer.",
	},
	[VPNDIAG_CAUSE_CERT_EXPIRED_INTERMEDIATE] = {
		.cause = VPNDIAG_CAUSE_CERT_EXPIRED_INTERMEDIATE,
		.id = "cert-expired",
		.code = VPNDIAG_PEER_CERT_EXPIRED,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_HIGH,
		.remedy = "Renew the intermediate CA certificate the record names "
			"with its issuing CA and replace every copy of it: the one "
			"the peer sends (its /etc/swanctl/x509ca or local.cacerts) "
			"and any copy here in /etc/swanctl/x509ca; the end-entity "
			"certificates it issued stay valid if the renewal keeps its "
			"key; then swanctl --load-creds on each end that held it.",
	},
	[VPNDIAG_CAUSE_CERT_EXPIRED_CA] = {
		.cause = VPNDIAG_CAUSE_CERT_EXPIRED_CA,
		.id = "cert-expired",
		.code = VPNDIAG_PEER_CERT_EXPIRED,
		.fix = VPNDIAG_FIX_LOCAL,
		.confidence = VPNDIAG_CONF_HIGH,
		.remedy = "Our own trusted copy of the root CA certificate (the "
			"record names it; /etc/swanctl/x509ca or remote.cacerts here) "
			"is past its validity: install the CA's renewed certificate "
			"(same key, new validity, e.g. pki --self --in ca.key) here "
			"and on every end that trusts it; then swanctl --load-creds.",
	},
	[VPNDIAG_CAUSE_CERT_NOT_YET_VALID] = {
		.cause = VPNDIAG_CAUSE_CERT_NOT_YET_VALID,
		.id = "cert-not-yet-valid",
		.code = VPNDIAG_PEER_CERT_EXPIRED,
		.fix = VPNDIAG_FIX_PEER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "a certificate of the peer's chain is not valid yet (or "
			"our clock is behind): the peer's end-entity certificate, an "
			"intermediate CA certificate, or our trusted copy of the "
			"root CA (the detail names which)",
		.remedy = "Check the clocks of both ends first (timedatectl, NTP): "
			"ours must not be behind the certificate's not-before date; "
			"otherwise give the peer an end-entity certificate valid from "
			"now (its local.certs); then swanctl --load-creds on the peer.",
	},
	[VPNDIAG_CAUSE_CERT_NOT_YET_VALID_INTERMEDIATE] = {
		.cause = VPNDIAG_CAUSE_CERT_NOT_YET_VALID_INTERMEDIATE,
		.id = "cert-not-yet-valid",
		.code = VPNDIAG_PEER_CERT_EXPIRED,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_HIGH,
		.remedy = "Check the clocks of both ends first (timedatectl, NTP); "
			"otherwise replace the intermediate CA certificate the record "
			"names by one valid from now, on the peer (its "
			"/etc/swanctl/x509ca) and any copy here in "
			"/etc/swanctl/x509ca; then swanctl --load-creds on each end "
			"that held it.",
	},
	[VPNDIAG_CAUSE_CERT_NOT_YET_VALID_CA] = {
		.cause = VPNDIAG_CAUSE_CERT_NOT_YET_VALID_CA,
		.id = "cert-not-yet-valid",
		.code = VPNDIAG_PEER_CERT_EXPIRED,
		.fix = VPNDIAG_FIX_LOCAL,
		.confidence = VPNDIAG_CONF_HIGH,
		.remedy = "Check our clock first (timedatectl, NTP); otherwise our "
			"trusted copy of the root CA certificate the record names "
			"(/etc/swanctl/x509ca or remote.cacerts here) is not valid "
			"yet: install a copy valid from now; then swanctl "
			"--load-creds.",
	},
	[VPNDIAG_CAUSE_IDENTITY_CONSTRAINT] = {
		.cause = VPNDIAG_CAUSE_IDENTITY_CONSTRAINT,
		.id = "identity-constraint",
		.code = VPNDIAG_CONFIG_ID_MISMATCH,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "the peer authenticated, but not with the identity (IKE "
			"or EAP) the connection requires",
		.remedy = "Compare the identity the connection requires (in the "
			"detail) with the one the peer used: remote.id for the IKE "
			"identity (with certificates the subject or a subjectAltName "
			"of the peer's certificate), remote.eap_id for the EAP "
			"identity (%any accepts every user the EAP backend "
			"authenticates), and the peer's local.id or eap_id; then "
			"swanctl --load-conns.",
	},
	[VPNDIAG_CAUSE_CA_CONSTRAINT] = {
		.cause = VPNDIAG_CAUSE_CA_CONSTRAINT,
		.id = "ca-constraint",
		.code = VPNDIAG_AUTH_FAIL,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "the peer's certificate is trusted, but not issued by the"
			" CA the connection requires (remote.cacerts)",
		.remedy = "remote.cacerts restricts the peer to certificates of the "
			"CA the detail names: issue the peer's certificate from that "
			"CA, or add the CA its certificate actually chains to (pki "
			"--print --in <cert>, swanctl --list-certs) to remote.cacerts;"
			" then swanctl --load-creds for a new CA file and swanctl "
			"--load-conns.",
	},
	[VPNDIAG_CAUSE_GROUP_CONSTRAINT] = {
		.cause = VPNDIAG_CAUSE_GROUP_CONSTRAINT,
		.id = "group-constraint",
		.code = VPNDIAG_AUTH_FAIL,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "the peer authenticated, but is not a member of the group"
			" the connection requires (remote.groups)",
		.remedy = "remote.groups requires membership in the group the detail"
			" names; membership comes from an attribute certificate "
			"(/etc/swanctl/x509ac) or, with EAP-RADIUS, from the Class "
			"attribute (charon.plugins.eap-radius.class_group = yes): "
			"grant the peer that group, or correct remote.groups; then "
			"swanctl --load-creds for an attribute certificate and "
			"swanctl --load-conns.",
	},
	[VPNDIAG_CAUSE_REVOCATION_CONSTRAINT] = {
		.cause = VPNDIAG_CAUSE_REVOCATION_CONSTRAINT,
		.id = "revocation-constraint",
		.code = VPNDIAG_AUTH_FAIL,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "the revocation status of the peer's certificate could "
			"not be confirmed as the connection requires "
			"(remote.revocation)",
		.remedy = "remote.revocation = strict requires a GOOD status from a "
			"CRL or OCSP for every certificate of the chain (ifuri only "
			"where the certificate names a CRL or OCSP URI): put the "
			"current CRL here in /etc/swanctl/x509crl or make the CRL "
			"distribution point or OCSP responder reachable, or relax "
			"remote.revocation to ifuri or relaxed; then swanctl "
			"--load-creds for a CRL file and swanctl --load-conns.",
	},
	[VPNDIAG_CAUSE_PINNED_CERT_CONSTRAINT] = {
		.cause = VPNDIAG_CAUSE_PINNED_CERT_CONSTRAINT,
		.id = "pinned-cert-constraint",
		.code = VPNDIAG_AUTH_FAIL,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "the peer authenticated with another certificate than the"
			" one the connection pins (remote.certs)",
		.remedy = "remote.certs pins the peer to the certificate the detail "
			"names: install the peer's current certificate here in "
			"/etc/swanctl/x509 and name it in remote.certs, or have the "
			"peer use the pinned one (its local.certs); then swanctl "
			"--load-creds and swanctl --load-conns.",
	},
	[VPNDIAG_CAUSE_CERT_REVOKED] = {
		.cause = VPNDIAG_CAUSE_CERT_REVOKED,
		.id = "cert-revoked",
		.code = VPNDIAG_PEER_CERT_REVOKED,
		.fix = VPNDIAG_FIX_PEER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "the peer's certificate is revoked (CRL or OCSP)",
	},
	[VPNDIAG_CAUSE_CERT_PATH_LENGTH] = {
		.cause = VPNDIAG_CAUSE_CERT_PATH_LENGTH,
		.id = "cert-path-length",
		.code = VPNDIAG_AUTH_FAIL,
		.fix = VPNDIAG_FIX_PEER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "the peer's certificate chain exceeds a CA's path length "
			"constraint",
	},
	[VPNDIAG_CAUSE_CERT_POLICY] = {
		.cause = VPNDIAG_CAUSE_CERT_POLICY,
		.id = "cert-policy",
		.code = VPNDIAG_AUTH_FAIL,
		.fix = VPNDIAG_FIX_PEER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "the peer's certificate chain violates a certificate "
			"policy constraint",
	},
	[VPNDIAG_CAUSE_CERT_STATUS_UNKNOWN] = {
		.cause = VPNDIAG_CAUSE_CERT_STATUS_UNKNOWN,
		.id = "cert-status-unknown",
		.code = VPNDIAG_AUTH_FAIL,
		.fix = VPNDIAG_FIX_PEER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "the revocation status of the peer's certificate could "
			"not be validated",
	},
	[VPNDIAG_CAUSE_EAP_FAILED] = {
		.cause = VPNDIAG_CAUSE_EAP_FAILED,
		.id = "eap-failed",
		.code = VPNDIAG_EAP_AUTH_FAIL,
		.fix = VPNDIAG_FIX_PEER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "EAP authentication of the peer failed on our side",
	},
	[VPNDIAG_CAUSE_PEER_REJECTED_EAP] = {
		.cause = VPNDIAG_CAUSE_PEER_REJECTED_EAP,
		.id = "peer-rejected-eap",
		.code = VPNDIAG_EAP_AUTH_FAIL,
		.fix = VPNDIAG_FIX_LOCAL,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "the peer answered EAP_FAILURE: our EAP credentials were "
			"rejected",
	},
	[VPNDIAG_CAUSE_EAP_TIMEOUT] = {
		.cause = VPNDIAG_CAUSE_EAP_TIMEOUT,
		.id = "eap-timeout",
		.code = VPNDIAG_EAP_AUTH_TIMEOUT,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "the client started EAP but did not complete it before "
			"the half-open timeout",
	},
	[VPNDIAG_CAUSE_RADIUS_TIMEOUT] = {
		.cause = VPNDIAG_CAUSE_RADIUS_TIMEOUT,
		.id = "radius-timeout",
		.code = VPNDIAG_EAP_AUTH_TIMEOUT,
		.fix = VPNDIAG_FIX_LOCAL,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "the RADIUS server did not answer",
	},
	[VPNDIAG_CAUSE_XAUTH_FAILED] = {
		.cause = VPNDIAG_CAUSE_XAUTH_FAILED,
		.id = "xauth-failed",
		.code = VPNDIAG_XAUTH_AUTH_FAIL,
		.fix = VPNDIAG_FIX_PEER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "XAuth authentication of the peer failed on our side",
	},
	[VPNDIAG_CAUSE_PEER_REJECTED_XAUTH] = {
		.cause = VPNDIAG_CAUSE_PEER_REJECTED_XAUTH,
		.id = "peer-rejected-xauth",
		.code = VPNDIAG_XAUTH_AUTH_FAIL,
		.fix = VPNDIAG_FIX_LOCAL,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "the peer rejected our XAuth credentials",
	},
	[VPNDIAG_CAUSE_XAUTH_TIMEOUT] = {
		.cause = VPNDIAG_CAUSE_XAUTH_TIMEOUT,
		.id = "xauth-timeout",
		.code = VPNDIAG_XAUTH_AUTH_TIMEOUT,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "the IKEv1 setup did not complete in time while XAuth was"
			" running",
	},
	[VPNDIAG_CAUSE_AUTHORIZATION_DENIED] = {
		.cause = VPNDIAG_CAUSE_AUTHORIZATION_DENIED,
		.id = "authorization-denied",
		.code = VPNDIAG_AUTHORIZATION_FAIL,
		.fix = VPNDIAG_FIX_LOCAL,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "an authorization plugin refused the authenticated IKE_SA",
	},
	[VPNDIAG_CAUSE_UNIQUE_KEEP] = {
		.cause = VPNDIAG_CAUSE_UNIQUE_KEEP,
		.id = "unique-keep",
		.code = VPNDIAG_SAME_USER_SA_EXISTS,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_HIGH,
		.category = VPNDIAG_CAUSE_CAT_NEGOTIATION,
		.meaning = "a new IKE_SA of an identity was rejected: one exists and"
			" the uniqueness policy keeps it",
	},
	[VPNDIAG_CAUSE_NO_RESPONSE] = {
		.cause = VPNDIAG_CAUSE_NO_RESPONSE,
		.id = "no-response",
		.code = VPNDIAG_MAX_TRANSMIT_REACHED,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "the peer never answered our IKE_SA setup request",
	},
	[VPNDIAG_CAUSE_NO_ROUTE_TO_PEER] = {
		.cause = VPNDIAG_CAUSE_NO_ROUTE_TO_PEER,
		.id = "no-route-to-peer",
		.code = VPNDIAG_MAX_TRANSMIT_REACHED,
		.fix = VPNDIAG_FIX_LOCAL,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "no local address routes to the peer: the request never "
			"left this host",
		.remedy = "Give this host a route to the peer's address ('ip route "
			"get <peer>') on the interface that holds the local address, "
			"check that the interface is up and has its address, and that"
			" remote_addrs names the peer's public address (local_addrs "
			"limits the local side; legacy ipsec.conf: right, left); "
			"after changing them, swanctl --load-conns.",
	},
	[VPNDIAG_CAUSE_IKE_AUTH_LOST] = {
		.cause = VPNDIAG_CAUSE_IKE_AUTH_LOST,
		.id = "ike-auth-lost",
		.code = VPNDIAG_MAX_TRANSMIT_REACHED,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "the peer answered IKE_SA_INIT but not the next request: "
			"UDP 4500 filtered, or IP fragments dropped",
		.remedy = "Allow UDP 4500 (and UDP 500) between the gateways in "
			"both directions: host firewalls, security groups and ACLs on "
			"the path; a NAT device must pass UDP 4500 to the responder. "
			"Without a NAT, IKEv2 still moves to UDP 4500 after "
			"IKE_SA_INIT because MOBIKE is on (mobike = yes, the default) "
			"and the peer supports NAT-T: where UDP 4500 cannot be opened,"
			" set mobike = no (legacy ipsec.conf: mobike=no) on the "
			"initiator so that IKE stays on UDP 500 (this does not help "
			"with encap = yes or kernel-libipsec, which force UDP "
			"encapsulation); then swanctl --load-conns.",
	},
	[VPNDIAG_CAUSE_IKE_AUTH_LOST_FRAGMENTS] = {
		.cause = VPNDIAG_CAUSE_IKE_AUTH_LOST_FRAGMENTS,
		.id = "ike-auth-lost",
		.code = VPNDIAG_MAX_TRANSMIT_REACHED,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_MEDIUM,
		.remedy = "Keep IKE fragmentation enabled on both ends "
			"(connections.<conn>.fragmentation = yes, the default, not "
			"no; legacy ipsec.conf: fragmentation=yes; the peer must "
			"support RFC 7383, and force only applies to IKEv1), or let "
			"IP fragments of UDP 500/4500 pass every firewall and NAT "
			"device on the path and check the path MTU (ip link, "
			"tracepath); also allow UDP 4500 both ways; then swanctl "
			"--load-conns.",
	},
	[VPNDIAG_CAUSE_REQUEST_UNANSWERED] = {
		.cause = VPNDIAG_CAUSE_REQUEST_UNANSWERED,
		.id = "request-unanswered",
		.code = VPNDIAG_MAX_TRANSMIT_REACHED,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "the peer did not answer a request on an established "
			"IKE_SA",
	},
	[VPNDIAG_CAUSE_MOBIKE_UPDATE_UNANSWERED] = {
		.cause = VPNDIAG_CAUSE_MOBIKE_UPDATE_UNANSWERED,
		.id = "mobike-update-unanswered",
		.code = VPNDIAG_MAX_TRANSMIT_REACHED,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "the peer did not answer our MOBIKE address update",
	},
	[VPNDIAG_CAUSE_DPD_NO_RESPONSE] = {
		.cause = VPNDIAG_CAUSE_DPD_NO_RESPONSE,
		.id = "dpd-no-response",
		.code = VPNDIAG_DPD_TIMEOUT,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "the peer stopped answering liveness checks (DPD)",
	},
	[VPNDIAG_CAUSE_HALF_OPEN_TIMEOUT] = {
		.cause = VPNDIAG_CAUSE_HALF_OPEN_TIMEOUT,
		.id = "half-open-timeout",
		.code = VPNDIAG_EXCHANGE_TIMEOUT,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "the peer started an IKE_SA setup but did not complete it"
			" in time",
	},
	[VPNDIAG_CAUSE_FRAGMENTED_TOO_LARGE] = {
		.cause = VPNDIAG_CAUSE_FRAGMENTED_TOO_LARGE,
		.id = "fragmented-too-large",
		.code = VPNDIAG_FRAGMENT_LIMIT,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "the setup timed out because charon dropped the peer's "
			"fragmented message: larger than charon.max_packet, or more "
			"than 255 fragments",
	},
	[VPNDIAG_CAUSE_UNRESOLVABLE_PEER] = {
		.cause = VPNDIAG_CAUSE_UNRESOLVABLE_PEER,
		.id = "unresolvable-peer",
		.code = VPNDIAG_DNS_STATUS_CHANGE,
		.fix = VPNDIAG_FIX_LOCAL,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "the peer's address (a DNS name) could not be resolved",
	},
	[VPNDIAG_CAUSE_UNKNOWN_IKE_SPI] = {
		.cause = VPNDIAG_CAUSE_UNKNOWN_IKE_SPI,
		.id = "unknown-ike-spi",
		.code = VPNDIAG_COOKIE_MISMATCH,
		.fix = VPNDIAG_FIX_PEER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "a message arrived for an IKE_SA we do not know: the peer"
			" holds state we lost, or stray traffic",
	},
	[VPNDIAG_CAUSE_BAD_HEADER] = {
		.cause = VPNDIAG_CAUSE_BAD_HEADER,
		.id = "bad-header",
		.code = VPNDIAG_MALFORMED_MESSAGE,
		.fix = VPNDIAG_FIX_PEER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "the IKE header of a received message could not be parsed",
	},
	[VPNDIAG_CAUSE_SHORT_DATAGRAM] = {
		.cause = VPNDIAG_CAUSE_SHORT_DATAGRAM,
		.id = "short-datagram",
		.code = VPNDIAG_SHORT_PACKET,
		.fix = VPNDIAG_FIX_PEER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "a datagram of 4 to 27 bytes, shorter than an IKE header, "
			"arrived on an IKE port",
	},
	[VPNDIAG_CAUSE_UNKNOWN_EXCHANGE] = {
		.cause = VPNDIAG_CAUSE_UNKNOWN_EXCHANGE,
		.id = "unknown-exchange-type",
		.code = VPNDIAG_UNKNOWN_EXCHANGE_TYPE,
		.fix = VPNDIAG_FIX_PEER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "an IKE header named an exchange type its IKE version does "
			"not define",
	},
	[VPNDIAG_CAUSE_BAD_PAYLOAD] = {
		.cause = VPNDIAG_CAUSE_BAD_PAYLOAD,
		.id = "bad-payload",
		.code = VPNDIAG_MALFORMED_PAYLOAD,
		.fix = VPNDIAG_FIX_PEER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "a payload of a received message could not be parsed or "
			"verified",
	},
	[VPNDIAG_CAUSE_UNSUPPORTED_CRITICAL] = {
		.cause = VPNDIAG_CAUSE_UNSUPPORTED_CRITICAL,
		.id = "unsupported-critical",
		.code = VPNDIAG_CRITICAL_DROP,
		.fix = VPNDIAG_FIX_PEER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "a received message has a payload marked critical that we"
			" do not support",
	},
	[VPNDIAG_CAUSE_PEER_REJECTED_SYNTAX] = {
		.cause = VPNDIAG_CAUSE_PEER_REJECTED_SYNTAX,
		.id = "peer-rejected-syntax",
		.code = VPNDIAG_MALFORMED_MESSAGE,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_LOW,
		.meaning = "the peer answered INVALID_SYNTAX: it could not parse our"
			" message",
	},
	[VPNDIAG_CAUSE_PEER_REJECTED_CRITICAL] = {
		.cause = VPNDIAG_CAUSE_PEER_REJECTED_CRITICAL,
		.id = "peer-rejected-critical",
		.code = VPNDIAG_CRITICAL_DROP,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_LOW,
		.meaning = "the peer answered UNSUPPORTED_CRITICAL_PAYLOAD",
	},
	[VPNDIAG_CAUSE_IKE_PORT_IN_USE] = {
		.cause = VPNDIAG_CAUSE_IKE_PORT_IN_USE,
		.id = "port-in-use",
		.code = VPNDIAG_IKE_PORT_UNAVAILABLE,
		.fix = VPNDIAG_FIX_LOCAL,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "another process holds an IKE port charon needs "
			"(charon.port or charon.port_nat_t), so charon could not bind "
			"it when it started",
	},
	[VPNDIAG_CAUSE_PER_IP_HALF_OPEN_LIMIT] = {
		.cause = VPNDIAG_CAUSE_PER_IP_HALF_OPEN_LIMIT,
		.id = "per-ip-half-open-limit",
		.code = VPNDIAG_FIRST_PACKET_LIMITED,
		.fix = VPNDIAG_FIX_LOCAL,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "charon ignored an IKE_SA_INIT because its source already "
			"has charon.block_threshold half-open IKE_SAs",
	},
	[VPNDIAG_CAUSE_HALF_OPEN_LIMIT] = {
		.cause = VPNDIAG_CAUSE_HALF_OPEN_LIMIT,
		.id = "half-open-limit",
		.code = VPNDIAG_FIRST_PACKET_LIMITED,
		.fix = VPNDIAG_FIX_LOCAL,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "charon ignored an IKE_SA_INIT because it holds "
			"charon.init_limit_half_open half-open IKE_SAs in all",
	},
	[VPNDIAG_CAUSE_JOB_LOAD_LIMIT] = {
		.cause = VPNDIAG_CAUSE_JOB_LOAD_LIMIT,
		.id = "job-load-limit",
		.code = VPNDIAG_FIRST_PACKET_LIMITED,
		.fix = VPNDIAG_FIX_LOCAL,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "charon ignored an IKE_SA_INIT because more jobs than "
			"charon.init_limit_job_load were queued",
	},
	[VPNDIAG_CAUSE_IKESA_LIMIT] = {
		.cause = VPNDIAG_CAUSE_IKESA_LIMIT,
		.id = "ikesa-limit",
		.code = VPNDIAG_PEER_LIMIT_REACHED,
		.fix = VPNDIAG_FIX_LOCAL,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "charon ignored a new IKE_SA's first message because it "
			"holds charon.ikesa_limit IKE_SAs",
	},
	[VPNDIAG_CAUSE_UNSUPPORTED_VERSION_RECEIVED] = {
		.cause = VPNDIAG_CAUSE_UNSUPPORTED_VERSION_RECEIVED,
		.id = "received-unsupported-version",
		.code = VPNDIAG_UNSUPPORTED_VERSION,
		.fix = VPNDIAG_FIX_PEER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "a message with an IKE major version charon does not speak "
			"arrived, and we answered INVALID_MAJOR_VERSION",
	},
	[VPNDIAG_CAUSE_TS_UNACCEPTABLE] = {
		.cause = VPNDIAG_CAUSE_TS_UNACCEPTABLE,
		.id = "ts-unacceptable",
		.code = VPNDIAG_FLOW_MISMATCH,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "no child config accepts the traffic selectors the peer "
			"proposed",
	},
	[VPNDIAG_CAUSE_REVERSED_TRAFFIC_SELECTORS] = {
		.cause = VPNDIAG_CAUSE_REVERSED_TRAFFIC_SELECTORS,
		.id = "reversed-traffic-selectors",
		.code = VPNDIAG_FLOW_MISMATCH,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "the peer's traffic selectors match a child config with "
			"local and remote swapped",
	},
	[VPNDIAG_CAUSE_PEER_REJECTED_TS] = {
		.cause = VPNDIAG_CAUSE_PEER_REJECTED_TS,
		.id = "peer-rejected-ts",
		.code = VPNDIAG_FLOW_MISMATCH,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_LOW,
		.meaning = "the peer answered TS_UNACCEPTABLE, INVALID_SELECTORS or "
			"(IKEv1) INVALID_ID_INFORMATION to our selectors",
	},
	[VPNDIAG_CAUSE_TS_NARROWED] = {
		.cause = VPNDIAG_CAUSE_TS_NARROWED,
		.id = "ts-narrowed",
		.code = VPNDIAG_NETMASK_MISMATCH,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_HIGH,
		.severity = VPNDIAG_SEV_INFO,
		.meaning = "the traffic selectors were narrowed to what both ends "
			"accept (informational)",
	},
	[VPNDIAG_CAUSE_TRANSPORT_DOWNGRADED] = {
		.cause = VPNDIAG_CAUSE_TRANSPORT_DOWNGRADED,
		.id = "transport-downgraded",
		.code = VPNDIAG_ENCAP_MODE_MISMATCH,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_HIGH,
		.severity = VPNDIAG_SEV_WARNING,
		.meaning = "a CHILD_SA asked for transport mode but was established "
			"in tunnel mode",
	},
	[VPNDIAG_CAUSE_KERNEL_SA_INSTALL] = {
		.cause = VPNDIAG_CAUSE_KERNEL_SA_INSTALL,
		.id = "kernel-sa-install",
		.code = VPNDIAG_KERNEL_SA_INSTALL_FAIL,
		.fix = VPNDIAG_FIX_LOCAL,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "the kernel refused to install the IPsec SAs of a "
			"CHILD_SA",
	},
	[VPNDIAG_CAUSE_KERNEL_POLICY_INSTALL] = {
		.cause = VPNDIAG_CAUSE_KERNEL_POLICY_INSTALL,
		.id = "kernel-policy-install",
		.code = VPNDIAG_KERNEL_POLICY_FAIL,
		.fix = VPNDIAG_FIX_LOCAL,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "the kernel refused to install the IPsec policies of a "
			"CHILD_SA",
	},
	[VPNDIAG_CAUSE_VIP_REQUIRED] = {
		.cause = VPNDIAG_CAUSE_VIP_REQUIRED,
		.id = "vip-required",
		.code = VPNDIAG_IP_ASSIGN_FAIL,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "the peer did not request a virtual IP the connection "
			"requires",
	},
	[VPNDIAG_CAUSE_POOL_EXHAUSTED] = {
		.cause = VPNDIAG_CAUSE_POOL_EXHAUSTED,
		.id = "pool-exhausted",
		.code = VPNDIAG_IP_ASSIGN_FAIL,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "the pool that serves the peer has no free address",
	},
	[VPNDIAG_CAUSE_NO_ADDRESS_AVAILABLE] = {
		.cause = VPNDIAG_CAUSE_NO_ADDRESS_AVAILABLE,
		.id = "no-address-available",
		.code = VPNDIAG_IP_ASSIGN_FAIL,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "the connection has no pool that serves the requested "
			"virtual IP",
	},
	[VPNDIAG_CAUSE_PEER_REJECTED_VIP] = {
		.cause = VPNDIAG_CAUSE_PEER_REJECTED_VIP,
		.id = "peer-rejected-vip",
		.code = VPNDIAG_IP_ASSIGN_FAIL,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_LOW,
		.meaning = "the peer answered INTERNAL_ADDRESS_FAILURE: it could not"
			" assign us a virtual IP",
	},
	[VPNDIAG_CAUSE_PEER_REQUIRES_VIP] = {
		.cause = VPNDIAG_CAUSE_PEER_REQUIRES_VIP,
		.id = "peer-requires-vip",
		.code = VPNDIAG_IP_ASSIGN_FAIL,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_LOW,
		.meaning = "the peer answered FAILED_CP_REQUIRED: it requires us to "
			"request a virtual IP",
	},
	[VPNDIAG_CAUSE_PEER_NO_MORE_SAS] = {
		.cause = VPNDIAG_CAUSE_PEER_NO_MORE_SAS,
		.id = "peer-no-more-sas",
		.code = VPNDIAG_TUNNEL_LIMIT_REACHED,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_LOW,
		.meaning = "the peer answered NO_ADDITIONAL_SAS: it accepts no more "
			"CHILD_SAs",
	},
	[VPNDIAG_CAUSE_PEER_TEMPORARY_FAILURE] = {
		.cause = VPNDIAG_CAUSE_PEER_TEMPORARY_FAILURE,
		.id = "peer-temporary-failure",
		.code = VPNDIAG_REKEY_FAIL,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_LOW,
		.retired = 1,
		.meaning = "the peer answered TEMPORARY_FAILURE: it is deleting or "
			"rekeying that SA",
	},
	[VPNDIAG_CAUSE_PEER_LOST_CHILD_SA] = {
		.cause = VPNDIAG_CAUSE_PEER_LOST_CHILD_SA,
		.id = "peer-lost-child-sa",
		.code = VPNDIAG_REKEY_OLD_SA_NOT_FOUND,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_LOW,
		.retired = 1,
		.meaning = "the peer answered CHILD_SA_NOT_FOUND: it has no such "
			"CHILD_SA",
	},
	[VPNDIAG_CAUSE_LOCAL_DELETE] = {
		.cause = VPNDIAG_CAUSE_LOCAL_DELETE,
		.id = "local-delete",
		.code = VPNDIAG_MANUAL_OFFLINE,
		.fix = VPNDIAG_FIX_LOCAL,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "we deleted the IKE_SA or CHILD_SA (swanctl --terminate, "
			"vici or another local action)",
	},
	[VPNDIAG_CAUSE_PEER_DELETED_IKE] = {
		.cause = VPNDIAG_CAUSE_PEER_DELETED_IKE,
		.id = "peer-deleted-ike",
		.code = VPNDIAG_PEER_REQUEST,
		.fix = VPNDIAG_FIX_PEER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "the peer deleted the IKE_SA",
	},
	[VPNDIAG_CAUSE_PEER_DELETED_CHILD] = {
		.cause = VPNDIAG_CAUSE_PEER_DELETED_CHILD,
		.id = "peer-deleted-child",
		.code = VPNDIAG_PEER_REQUEST,
		.fix = VPNDIAG_FIX_PEER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "the peer deleted the CHILD_SA",
	},
	[VPNDIAG_CAUSE_UNIQUE_REPLACE] = {
		.cause = VPNDIAG_CAUSE_UNIQUE_REPLACE,
		.id = "unique-replace",
		.code = VPNDIAG_SAME_USER_SA_EXISTS,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_HIGH,
		.category = VPNDIAG_CAUSE_CAT_DISCONNECTION,
		.meaning = "the IKE_SA was replaced by a new one of the same "
			"identity (uniqueness policy replace)",
	},
	[VPNDIAG_CAUSE_IKE_LIFETIME_EXPIRED] = {
		.cause = VPNDIAG_CAUSE_IKE_LIFETIME_EXPIRED,
		.id = "ike-lifetime-expired",
		.code = VPNDIAG_P1_HARD_EXPIRY,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "the IKE_SA reached its hard lifetime before a rekeying "
			"or reauthentication replaced it",
	},
	[VPNDIAG_CAUSE_INITIATOR_NO_REAUTH] = {
		.cause = VPNDIAG_CAUSE_INITIATOR_NO_REAUTH,
		.id = "initiator-no-reauth",
		.code = VPNDIAG_REAUTH_TIMEOUT,
		.fix = VPNDIAG_FIX_PEER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "the initiator did not reauthenticate within the lifetime "
			"we announced (AUTH_LIFETIME), which we cannot do ourselves for "
			"a peer with a virtual IP or EAP/XAuth, and the IKE_SA ended",
	},
	[VPNDIAG_CAUSE_CHILD_LIFETIME_EXPIRED] = {
		.cause = VPNDIAG_CAUSE_CHILD_LIFETIME_EXPIRED,
		.id = "child-lifetime-expired",
		.code = VPNDIAG_P2_HARD_EXPIRY,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "the CHILD_SA reached its hard lifetime before a rekeying"
			" replaced it",
	},
	[VPNDIAG_CAUSE_IKE_REKEYED] = {
		.cause = VPNDIAG_CAUSE_IKE_REKEYED,
		.id = "ike-rekeyed",
		.code = VPNDIAG_P1_SA_REPLACE,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_HIGH,
		.severity = VPNDIAG_SEV_INFO,
		.meaning = "the IKE_SA was rekeyed (informational)",
	},
	[VPNDIAG_CAUSE_CHILD_REKEYED] = {
		.cause = VPNDIAG_CAUSE_CHILD_REKEYED,
		.id = "child-rekeyed",
		.code = VPNDIAG_P2_SA_REPLACE,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_HIGH,
		.severity = VPNDIAG_SEV_INFO,
		.meaning = "the CHILD_SA was rekeyed (informational)",
	},
	[VPNDIAG_CAUSE_PEER_ADDRESS_CHANGED] = {
		.cause = VPNDIAG_CAUSE_PEER_ADDRESS_CHANGED,
		.id = "peer-address-changed",
		.code = VPNDIAG_PEER_ADDRESS_SWITCH,
		.fix = VPNDIAG_FIX_PEER,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "the peer moved to another address (MOBIKE or a NAT "
			"mapping change)",
	},
	[VPNDIAG_CAUSE_IKE_REAUTHENTICATED] = {
		.cause = VPNDIAG_CAUSE_IKE_REAUTHENTICATED,
		.id = "ike-reauthenticated",
		.code = VPNDIAG_P1_SA_REPLACE,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_HIGH,
		.severity = VPNDIAG_SEV_INFO,
		.meaning = "the IKE_SA was reauthenticated: a new IKE_SA of the "
			"same identity replaced it (informational)",
	},
	[VPNDIAG_CAUSE_PEER_INITIAL_CONTACT] = {
		.cause = VPNDIAG_CAUSE_PEER_INITIAL_CONTACT,
		.id = "peer-initial-contact",
		.code = VPNDIAG_SAME_USER_SA_EXISTS,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_HIGH,
		.category = VPNDIAG_CAUSE_CAT_DISCONNECTION,
		.meaning = "a new IKE_SA of the same identity sent INITIAL_CONTACT "
			"(the peer restarted or lost its state, or another client uses "
			"the identity), so charon destroyed the old one (unique = no)",
		.remedy = "Nothing to fix if the peer restarted or lost its state. "
			"If two clients share this identity they knock each other off: "
			"give each its own identity and credentials (remote.id, its "
			"certificate or secret), then run swanctl --load-conns and "
			"swanctl --load-creds.",
	},
	[VPNDIAG_CAUSE_SHARED_IDENTITY] = {
		.cause = VPNDIAG_CAUSE_SHARED_IDENTITY,
		.id = "shared-identity",
		.code = VPNDIAG_SAME_USER_SA_EXISTS,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_MEDIUM,
		.severity = VPNDIAG_SEV_WARNING,
		.category = VPNDIAG_CAUSE_CAT_DISCONNECTION,
		.meaning = "IKE_SAs of one identity were replaced from other "
			"addresses again and again: several clients likely share it",
		.remedy = "Give every client its own identity and credentials "
			"(remote.id with its own certificate or secret; rightid in "
			"legacy ipsec.conf); unique = keep is no fix, it locks the "
			"second client out (and a crashed client until DPD clears its "
			"old IKE_SA). Then run swanctl --load-conns and swanctl "
			"--load-creds.",
	},
	[VPNDIAG_CAUSE_CONFIG_UNLOADED] = {
		.cause = VPNDIAG_CAUSE_CONFIG_UNLOADED,
		.id = "config-unloaded",
		.code = VPNDIAG_CONFIG_MODIFY_OFFLINE,
		.fix = VPNDIAG_FIX_LOCAL,
		.confidence = VPNDIAG_CONF_HIGH,
		.meaning = "vici closed the IKE_SA or CHILD_SA because its "
			"connection or child config was unloaded or replaced (swanctl "
			"--load-conns; 5.9.x closes only children with start_action = "
			"start)",
		.remedy = "Expected after a swanctl --load-conns (or --load-all) "
			"that removed or changed the connection. If unexpected, find "
			"the automation that reloaded the configuration. To bring the "
			"connection back, restore it in swanctl.conf (children with "
			"start_action = start are initiated by the load, others by "
			"swanctl --initiate --child <child>), then run swanctl "
			"--load-conns.",
	},
	[VPNDIAG_CAUSE_NO_INBOUND] = {
		.cause = VPNDIAG_CAUSE_NO_INBOUND,
		.id = "no-inbound",
		.code = VPNDIAG_ONE_WAY_TRAFFIC,
		.fix = VPNDIAG_FIX_PEER,
		.confidence = VPNDIAG_CONF_MEDIUM,
		.meaning = "we send through the CHILD_SA and nothing comes back",
		.remedy = "Nothing arrives through the tunnel while we send: check "
			"the peer's side for our subnets (its policies, routes, firewall "
			"and forwarding) and the path towards us for ESP (IP protocol 50) "
			"or UDP 4500 being filtered; the peer's vpndiag sees no-outbound "
			"if its replies never enter its tunnel. IKE and DPD may still "
			"work (they are UDP 500/4500 with a zero non-ESP marker). If the "
			"peer's selectors leave out our subnets, it corrects its "
			"local_ts/remote_ts (legacy ipsec.conf: leftsubnet/rightsubnet) "
			"and runs swanctl --load-conns.",
	},
	[VPNDIAG_CAUSE_NO_OUTBOUND] = {
		.cause = VPNDIAG_CAUSE_NO_OUTBOUND,
		.id = "no-outbound",
		.code = VPNDIAG_ONE_WAY_TRAFFIC,
		.fix = VPNDIAG_FIX_LOCAL,
		.confidence = VPNDIAG_CONF_MEDIUM,
		.meaning = "we receive through the CHILD_SA and send nothing back",
		.remedy = "Traffic arrives through the tunnel but nothing leaves "
			"through it: check this host's route towards the peer's subnet "
			"(strongSwan's routing table 220, charon.install_routes), IP "
			"forwarding, NAT/masquerading applied before IPsec (exempt the "
			"tunnel's traffic), the forward and output firewall, and that the "
			"hosts behind this gateway route replies to it; vpndiag --probe "
			"CONN --ping ADDR checks them. If remote_ts (legacy ipsec.conf: "
			"rightsubnet) leaves out the replies' destination, correct it and "
			"run swanctl --load-conns.",
	},
	[VPNDIAG_CAUSE_TRAFFIC_RESTORED] = {
		.cause = VPNDIAG_CAUSE_TRAFFIC_RESTORED,
		.id = "traffic-restored",
		.code = VPNDIAG_ONE_WAY_TRAFFIC,
		.fix = VPNDIAG_FIX_EITHER,
		.confidence = VPNDIAG_CONF_HIGH,
		.severity = VPNDIAG_SEV_INFO,
		.meaning = "both directions flow again after one-way traffic "
			"(informational)",
		.remedy = "None needed: traffic flows both ways again.",
	},
};

/*
 * Described in header
 */
const vpndiag_cause_info_t *vpndiag_cause_info(vpndiag_cause_t cause)
{
	if (cause <= VPNDIAG_CAUSE_NONE || cause >= VPNDIAG_CAUSE_MAX)
	{
		return NULL;
	}
	return &causes[cause];
}

/*
 * Described in header
 */
const vpndiag_cause_info_t *vpndiag_cause_lookup(const char *id,
												 vpndiag_code_t code)
{
	int i;

	for (i = VPNDIAG_CAUSE_NONE + 1; id && i < VPNDIAG_CAUSE_MAX; i++)
	{
		if (causes[i].id && strcasecmp(causes[i].id, id) == 0 &&
			(code == VPNDIAG_CODE_NONE || causes[i].code == code))
		{
			return &causes[i];
		}
	}
	return NULL;
}

/*
 * Described in header
 */
bool vpndiag_cause_is_primary(const vpndiag_cause_info_t *info)
{
	return info && vpndiag_cause_lookup(info->id, info->code) == info;
}

/*
 * Described in header
 */
const char *vpndiag_confidence_name(vpndiag_confidence_t confidence)
{
	switch (confidence)
	{
		case VPNDIAG_CONF_HIGH:
			return "high";
		case VPNDIAG_CONF_MEDIUM:
			return "medium";
		case VPNDIAG_CONF_LOW:
			return "low";
	}
	return "high";
}
