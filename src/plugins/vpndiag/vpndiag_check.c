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

#include "vpndiag_check.h"

#include <stdarg.h>
#include <stdio.h>

/** what every remedy that changes swanctl.conf ends with */
#define LOAD " then 'swanctl --load-conns' (ipsec.conf: 'ipsec update')"
#define LOAD_CREDS " then 'swanctl --load-creds' (ipsec.conf: 'ipsec rereadall')"

/**
 * The check table: one row per check, in the order of vpndiag_check_id_t
 */
static const vpndiag_check_info_t checks[] = {
	[VPNDIAG_CHECK_WEAK_ALGORITHM] = {
		.slug = "weak-algorithm",
		.severity = VPNDIAG_CHECK_WARNING,
		.setting = "proposals|children.<child>.esp_proposals",
		.legacy = "ike|esp",
		.remedy = "replace the algorithm (RFC 8247: 3DES, MD5, SHA1 as PRF, "
			"MODP groups below 2048 bits are deprecated) by e.g. "
			"aes256-sha256-modp3072 or aes256gcm16-x25519 on both ends;" LOAD,
	},
	[VPNDIAG_CHECK_ALGORITHM_UNAVAILABLE] = {
		.slug = "algorithm-unavailable",
		.severity = VPNDIAG_CHECK_ERROR,
		.setting = "proposals|children.<child>.esp_proposals",
		.legacy = "ike|esp",
		.code = "phase1 proposal mismatch",
		.remedy = "load a crypto plugin that provides the algorithm "
			"(charon.load / charon.plugins.<name>.load in strongswan.conf, "
			"'swanctl --list-algs' shows what is loaded, then restart charon) "
			"or configure an algorithm that is listed;" LOAD,
	},
	[VPNDIAG_CHECK_AGGRESSIVE_PSK] = {
		.slug = "aggressive-psk",
		.severity = VPNDIAG_CHECK_WARNING,
		.setting = "aggressive",
		.legacy = "aggressive",
		.remedy = "set aggressive = no (Main Mode), or use IKEv2 (version = "
			"2): in Aggressive Mode the PSK's hash is sent unencrypted and "
			"can be cracked offline;" LOAD,
	},
	[VPNDIAG_CHECK_NOTHING_INITIATES] = {
		.slug = "nothing-initiates",
		.severity = VPNDIAG_CHECK_WARNING,
		.setting = "children.<child>.start_action",
		.legacy = "auto",
		.remedy = "on at least one end set start_action = trap (ipsec.conf "
			"auto=route) or start (auto=start);" LOAD,
	},
	[VPNDIAG_CHECK_RESTART_SINGLE_TRY] = {
		.slug = "restart-single-try",
		.severity = VPNDIAG_CHECK_WARNING,
		.setting = "keyingtries",
		.legacy = "keyingtries",
		.code = "dpd timeout",
		.remedy = "set keyingtries = 0 (retry forever) or a larger number, or "
			"dpd_action = trap (ipsec.conf dpdaction=hold): after a DPD "
			"timeout one failed attempt leaves the tunnel down for good;" LOAD,
	},
	[VPNDIAG_CHECK_UNIQUE_KEEP_ANY] = {
		.slug = "unique-keep-any",
		.severity = VPNDIAG_CHECK_WARNING,
		.setting = "unique",
		.legacy = "uniqueids",
		.code = "sa with same user exists",
		.remedy = "set unique = replace (ipsec.conf uniqueids=replace): with "
			"keep a client that crashed or changed its address is refused "
			"until DPD clears its old IKE_SA;" LOAD,
	},
	[VPNDIAG_CHECK_FRAGMENTATION_OFF] = {
		.slug = "fragmentation-off",
		.severity = VPNDIAG_CHECK_WARNING,
		.setting = "fragmentation",
		.legacy = "fragmentation",
		.code = "max transmit reached",
		.remedy = "set fragmentation = yes (the default): large IKE messages "
			"(certificates) are otherwise IP-fragmented, and fragments are "
			"often dropped on the way;" LOAD,
	},
	[VPNDIAG_CHECK_PSK_MISSING] = {
		.slug = "psk-missing",
		.severity = VPNDIAG_CHECK_ERROR,
		.setting = "secrets.ike-<name>",
		.legacy = "ipsec.secrets: ID ID : PSK",
		.code = "authentication fail",
		.remedy = "add a secret for the identities (secrets { ike-<name> { "
			"id-1 = <local id> id-2 = <remote id> secret = ... } } in "
			"swanctl.conf);" LOAD_CREDS,
	},
	[VPNDIAG_CHECK_CERT_MISSING] = {
		.slug = "cert-missing",
		.severity = VPNDIAG_CHECK_ERROR,
		.setting = "local.certs",
		.legacy = "leftcert",
		.code = "authentication fail",
		.remedy = "put the certificate into swanctl/x509/ and name it in "
			"local.certs (ipsec.conf leftcert), or set local.id to the "
			"subject of a loaded certificate;" LOAD_CREDS " and" LOAD,
	},
	[VPNDIAG_CHECK_KEY_MISSING] = {
		.slug = "key-missing",
		.severity = VPNDIAG_CHECK_ERROR,
		.setting = "local.certs",
		.legacy = "ipsec.secrets: : RSA|ECDSA",
		.code = "authentication fail",
		.remedy = "put the certificate's private key into swanctl/private/ "
			"(or rsa/, ecdsa/, pkcs8/);" LOAD_CREDS,
	},
	[VPNDIAG_CHECK_CERT_EXPIRED] = {
		.slug = "cert-expired",
		.severity = VPNDIAG_CHECK_ERROR,
		.setting = "local.certs",
		.legacy = "leftcert",
		.code = "peer cert is expired",
		.remedy = "renew the certificate (or correct the clock) and replace "
			"the file in swanctl/x509/;" LOAD_CREDS " and" LOAD,
	},
	[VPNDIAG_CHECK_CERT_EXPIRING] = {
		.slug = "cert-expiring",
		.severity = VPNDIAG_CHECK_WARNING,
		.setting = "local.certs",
		.legacy = "leftcert",
		.code = "peer cert is expired",
		.remedy = "renew the certificate before it expires and replace the "
			"file in swanctl/x509/;" LOAD_CREDS " and" LOAD,
	},
	[VPNDIAG_CHECK_CERT_ID_MISMATCH] = {
		.slug = "cert-id-mismatch",
		.severity = VPNDIAG_CHECK_ERROR,
		.setting = "local.id",
		.legacy = "leftid",
		.code = "config ID mismatch",
		.remedy = "set local.id to the certificate's subject or one of its "
			"subjectAltNames ('pki --print --in <cert>' lists them), or "
			"issue a certificate that contains the identity;" LOAD,
	},
	[VPNDIAG_CHECK_CA_MISSING] = {
		.slug = "ca-missing",
		.severity = VPNDIAG_CHECK_ERROR,
		.setting = "remote.cacerts / remote.ca_id",
		.legacy = "rightca",
		.code = "authentication fail",
		.remedy = "put the CA certificate into swanctl/x509ca/ (or name it "
			"in remote.cacerts);" LOAD_CREDS " and" LOAD,
	},
	[VPNDIAG_CHECK_LOCAL_ADDR_NOT_LOCAL] = {
		.slug = "local-addr-not-local",
		.severity = VPNDIAG_CHECK_ERROR,
		.setting = "local_addrs",
		.legacy = "left",
		.code = "max transmit reached",
		.remedy = "set local_addrs to an address of this host ('ip -br "
			"addr'), or %any;" LOAD,
	},
	[VPNDIAG_CHECK_NO_ROUTE_TO_PEER] = {
		.slug = "no-route-to-peer",
		.severity = VPNDIAG_CHECK_ERROR,
		.setting = "remote_addrs",
		.legacy = "right",
		.code = "max transmit reached",
		.remedy = "add a route to the peer ('ip route get <peer>' must "
			"succeed) or correct remote_addrs;" LOAD,
	},
	[VPNDIAG_CHECK_TS_OVERLAP] = {
		.slug = "ts-overlap",
		.severity = VPNDIAG_CHECK_WARNING,
		.setting = "children.<child>.local_ts / remote_ts",
		.legacy = "leftsubnet / rightsubnet",
		.code = "flow overlap",
		.remedy = "make the selectors of the two connections disjoint, or "
			"give the more specific one a higher priority (children.<child>."
			"priority); the kernel sends a packet that both match through "
			"only one of the tunnels;" LOAD,
	},
	[VPNDIAG_CHECK_TS_CONFLICT] = {
		.slug = "ts-conflict",
		.severity = VPNDIAG_CHECK_ERROR,
		.setting = "children.<child>.local_ts / remote_ts",
		.legacy = "leftsubnet / rightsubnet",
		.code = "flow confict",
		.remedy = "the two connections have the same selectors: only one "
			"policy can be installed for them, so the traffic of one "
			"tunnel goes through the other; remove one of them or change "
			"its selectors;" LOAD,
	},
	[VPNDIAG_CHECK_DUPLICATE_IDENTITY] = {
		.slug = "duplicate-identity",
		.severity = VPNDIAG_CHECK_WARNING,
		.setting = "local.id / remote.id",
		.legacy = "leftid / rightid",
		.code = "config ID mismatch",
		.remedy = "charon selects a connection by addresses and identities: "
			"with the same ones towards the same peer it always picks the "
			"same connection and never the other; merge them (several "
			"children) or give each its own identities;" LOAD,
	},
	[VPNDIAG_CHECK_PROFILE_UNKNOWN] = {
		.slug = "profile-unknown",
		.severity = VPNDIAG_CHECK_WARNING,
		.setting = "charon.plugins.vpndiag.profiles.<conn>",
		.legacy = "strongswan.conf",
		.remedy = "name one of the profiles 'vpndiag --profiles' lists in "
			"strongswan.conf charon.plugins.vpndiag.profiles.<conn>, then "
			"'swanctl --reload-settings'",
	},
	[VPNDIAG_CHECK_PROFILE_IKE_VERSION] = {
		.slug = "profile-ike-version",
		.severity = VPNDIAG_CHECK_ERROR,
		.setting = "version",
		.legacy = "keyexchange",
		.code = "phase1 proposal mismatch",
		.remedy = "set version to one the peer accepts (or change the "
			"peer's IKE versions);" LOAD,
	},
	[VPNDIAG_CHECK_PROFILE_IKE_PROPOSAL] = {
		.slug = "profile-ike-proposal",
		.severity = VPNDIAG_CHECK_ERROR,
		.setting = "proposals",
		.legacy = "ike",
		.code = "phase1 proposal mismatch",
		.remedy = "offer at least one algorithm per transform type that the "
			"peer accepts (or change the peer's IKE policy to include "
			"ours);" LOAD,
	},
	[VPNDIAG_CHECK_PROFILE_ESP_PROPOSAL] = {
		.slug = "profile-esp-proposal",
		.severity = VPNDIAG_CHECK_ERROR,
		.setting = "children.<child>.esp_proposals",
		.legacy = "esp",
		.code = "phase2 proposal or pfs mismatch",
		.remedy = "offer at least one ESP algorithm per transform type that "
			"the peer accepts (or change the peer's IPsec policy);" LOAD,
	},
	[VPNDIAG_CHECK_PROFILE_PFS] = {
		.slug = "profile-pfs",
		.severity = VPNDIAG_CHECK_WARNING,
		.setting = "children.<child>.esp_proposals",
		.legacy = "esp",
		.code = "phase2 proposal or pfs mismatch",
		.remedy = "make PFS match the peer's: add a key exchange group the "
			"peer accepts to esp_proposals (e.g. aes128-sha256-modp2048) "
			"when it requires PFS, or leave it out (or add 'none' after the "
			"groups) when it refuses PFS;" LOAD,
	},
	[VPNDIAG_CHECK_PROFILE_LIFETIME] = {
		.slug = "profile-lifetime",
		.severity = VPNDIAG_CHECK_WARNING,
		.setting = "rekey_time|children.<child>.rekey_time",
		.legacy = "ikelifetime|lifetime",
		.remedy = "choose a rekey_time inside the peer's allowed range and "
			"below its lifetime, so that we rekey before the peer's SA "
			"expires;" LOAD,
	},
	[VPNDIAG_CHECK_PROFILE_IDENTITY] = {
		.slug = "profile-identity",
		.severity = VPNDIAG_CHECK_ERROR,
		.setting = "local.id",
		.legacy = "leftid",
		.code = "authentication fail",
		.remedy = "set local.id to an identity of a type the peer expects "
			"(e.g. our public IP address, or an FQDN configured as the "
			"customer ID there);" LOAD,
	},
	[VPNDIAG_CHECK_PROFILE_SELECTORS] = {
		.slug = "profile-selectors",
		.severity = VPNDIAG_CHECK_ERROR,
		.setting = "children.<child>.local_ts / remote_ts",
		.legacy = "leftsubnet / rightsubnet",
		.code = "flow mismatch",
		.remedy = "propose selectors inside the peer's (a route-based cloud "
			"gateway negotiates 0.0.0.0/0 on both sides by default; route "
			"with an XFRM interface or VTI instead of narrow selectors), or "
			"have the peer's local and remote networks changed;" LOAD,
	},
	[VPNDIAG_CHECK_PROFILE_PEER_IDENTITY] = {
		.slug = "profile-peer-identity",
		.severity = VPNDIAG_CHECK_ERROR,
		.setting = "remote.id",
		.legacy = "rightid",
		.code = "config ID mismatch",
		.remedy = "set remote.id to what the peer sends as its identity by "
			"default (e.g. its public IP address), or configure the peer's "
			"local ID to match ours;" LOAD,
	},
};

/*
 * Described in header
 */
const vpndiag_check_info_t *vpndiag_check_info(vpndiag_check_id_t id)
{
	if (id < 0 || id >= VPNDIAG_CHECK_MAX)
	{
		return NULL;
	}
	return &checks[id];
}

/*
 * Described in header
 */
const char *vpndiag_check_severity_name(vpndiag_check_severity_t severity)
{
	switch (severity)
	{
		case VPNDIAG_CHECK_ERROR:
			return "error";
		case VPNDIAG_CHECK_WARNING:
			return "warning";
		default:
			return "note";
	}
}

/**
 * Replace <conn> and <child> in a template (others stay)
 */
static char *render(const char *template, char *conn, char *child)
{
	char buf[1024];
	const char *pos = template;
	size_t len = 0;
	int n;

	while (*pos && len < sizeof(buf) - 1)
	{
		n = 0;
		if (strpfx(pos, "<conn>"))
		{
			n = snprintf(buf + len, sizeof(buf) - len, "%s", conn);
			pos += strlen("<conn>");
		}
		else if (strpfx(pos, "<child>") && child)
		{
			n = snprintf(buf + len, sizeof(buf) - len, "%s", child);
			pos += strlen("<child>");
		}
		else
		{
			buf[len] = *pos++;
			n = 1;
		}
		len = min(len + n, sizeof(buf) - 1);
	}
	buf[len] = '\0';
	return strdup(buf);
}

/**
 * One alternative of "a|b": the first for the connection, the second for a
 * child
 */
static void pick(const char *text, bool child, char *buf, size_t len)
{
	const char *bar = strchr(text, '|');

	if (!bar)
	{
		snprintf(buf, len, "%s", text);
	}
	else if (child)
	{
		snprintf(buf, len, "%s", bar + 1);
	}
	else
	{
		snprintf(buf, len, "%.*s", (int)(bar - text), text);
	}
}

/**
 * The setting of a row (with <conn> and <child> still in it): the swanctl
 * key below connections.<conn> (or a section of its own) and, in brackets,
 * the ipsec.conf or ipsec.secrets name
 */
static void setting_of(const vpndiag_check_info_t *info, bool child,
					   char *buf, size_t len)
{
	char key[256], legacy[256];

	pick(info->setting, child, key, sizeof(key));
	pick(info->legacy, child, legacy, sizeof(legacy));
	snprintf(buf, len, "%s%s (%s%s)",
			 strpfx(key, "secrets") || strpfx(key, "charon.") ? "" :
			 "connections.<conn>.", key,
			 strpfx(legacy, "ipsec.") || strpfx(legacy, "strongswan.") ? "" :
			 "ipsec.conf ", legacy);
}

/*
 * Described in header
 */
void vpndiag_check_add(vpndiag_check_ctx_t *ctx, vpndiag_check_id_t id,
					   char *conn, char *child, char *fmt, ...)
{
	const vpndiag_check_info_t *info = vpndiag_check_info(id);
	vpndiag_finding_t *finding;
	char setting[512];
	va_list args;

	if (!info)
	{
		return;
	}
	setting_of(info, child != NULL, setting, sizeof(setting));
	INIT(finding,
		.info = info,
		.conn = strdup(conn),
		.child = strdupnull(child),
		.setting = render(setting, conn, child),
		.remedy = render(info->remedy, conn, child),
	);
	va_start(args, fmt);
	if (vasprintf(&finding->detail, fmt, args) < 0)
	{
		finding->detail = strdup(info->slug);
	}
	va_end(args);
	ctx->findings->insert_last(ctx->findings, finding);
}

/*
 * Described in header
 */
void vpndiag_finding_destroy(vpndiag_finding_t *finding)
{
	if (finding)
	{
		free(finding->conn);
		free(finding->child);
		free(finding->detail);
		free(finding->setting);
		free(finding->remedy);
		free(finding->profile);
		free(finding);
	}
}

/**
 * Move the findings of a severity (and of conn, if set) from one list to
 * another
 */
static void move(linked_list_t *from, linked_list_t *to,
				 vpndiag_check_severity_t severity, const char *conn)
{
	enumerator_t *enumerator;
	vpndiag_finding_t *finding;

	enumerator = from->create_enumerator(from);
	while (enumerator->enumerate(enumerator, &finding))
	{
		if (finding->info->severity != severity)
		{
			continue;
		}
		from->remove_at(from, enumerator);
		if (conn && !streq(conn, finding->conn))
		{
			vpndiag_finding_destroy(finding);
			continue;
		}
		to->insert_last(to, finding);
	}
	enumerator->destroy(enumerator);
}

/*
 * Described in header
 */
linked_list_t *vpndiag_check_run(vpndiag_check_env_t *env,
								 linked_list_t *peer_cfgs, const char *conn)
{
	vpndiag_check_ctx_t ctx = {
		.env = env,
		.findings = linked_list_create(),
	};
	enumerator_t *enumerator;
	peer_cfg_t *peer_cfg;
	linked_list_t *sorted;
	int i;

	enumerator = peer_cfgs->create_enumerator(peer_cfgs);
	while (enumerator->enumerate(enumerator, &peer_cfg))
	{
		if (conn && !streq(conn, peer_cfg->get_name(peer_cfg)))
		{
			continue;
		}
		for (i = 0; vpndiag_conn_checks[i]; i++)
		{
			vpndiag_conn_checks[i](&ctx, peer_cfg);
		}
		for (i = 0; vpndiag_cred_checks[i]; i++)
		{
			vpndiag_cred_checks[i](&ctx, peer_cfg);
		}
		for (i = 0; vpndiag_profile_checks[i]; i++)
		{
			vpndiag_profile_checks[i](&ctx, peer_cfg);
		}
	}
	enumerator->destroy(enumerator);
	for (i = 0; vpndiag_cross_checks[i]; i++)
	{
		vpndiag_cross_checks[i](&ctx, peer_cfgs);
	}
	sorted = linked_list_create();
	move(ctx.findings, sorted, VPNDIAG_CHECK_ERROR, conn);
	move(ctx.findings, sorted, VPNDIAG_CHECK_WARNING, conn);
	move(ctx.findings, sorted, VPNDIAG_CHECK_NOTE, conn);
	ctx.findings->destroy(ctx.findings);
	return sorted;
}
