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

#include "local_checks.h"
#include "route_lookup.h"
#include "fw_rules.h"

#include <errno.h>
#include <ifaddrs.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/rtnetlink.h>

/**
 * Slugs of the findings, by finding_id_t
 */
static const char *slugs[] = {
	[FINDING_NO_ROUTE] = "no-route",
	[FINDING_FORWARDING_OFF] = "forwarding-off",
	[FINDING_RP_FILTER] = "rp-filter",
	[FINDING_SNAT_BEFORE_IPSEC] = "snat-before-ipsec",
	[FINDING_FORWARD_DROP] = "forward-drop",
	[FINDING_FIREWALL_UNREADABLE] = "firewall-unreadable",
};

const char *finding_slug(finding_id_t id)
{
	return id < sizeof(slugs) / sizeof(slugs[0]) ? slugs[id] : "unknown";
}

/**
 * Add a finding: the remedy already built (taken over), the detail
 * formatted from fmt
 */
static void add(local_probe_t *probe, finding_id_t id, char *remedy,
				const char *fmt, ...)
{
	finding_t *f;
	va_list args;

	if (probe->n_findings >= LOCAL_CHECKS_MAX_FINDINGS)
	{
		free(remedy);
		return;
	}
	f = &probe->findings[probe->n_findings++];
	f->finding = finding_slug(id);
	f->remedy = remedy;
	va_start(args, fmt);
	if (vasprintf(&f->detail, fmt, args) < 0)
	{
		f->detail = NULL;
	}
	va_end(args);
}

static char *fmt(const char *format, ...)
{
	va_list args;
	char *s;

	va_start(args, format);
	if (vasprintf(&s, format, args) < 0)
	{
		s = NULL;
	}
	va_end(args);
	return s;
}

/**
 * Read an integer from procfs, -1 if unreadable
 */
static int read_proc(const char *fmt_path, const char *arg)
{
	char path[256];
	FILE *f;
	int v = -1;

	snprintf(path, sizeof(path), fmt_path, arg);
	f = fopen(path, "r");
	if (f)
	{
		if (fscanf(f, "%d", &v) != 1)
		{
			v = -1;
		}
		fclose(f);
	}
	return v;
}

/**
 * Address of a sockaddr of the family, NULL if another family
 */
static const void *sa_addr(int family, struct sockaddr *sa)
{
	if (!sa || sa->sa_family != family)
	{
		return NULL;
	}
	return family == AF_INET ? (void*)&((struct sockaddr_in*)sa)->sin_addr
							 : (void*)&((struct sockaddr_in6*)sa)->sin6_addr;
}

static bool in_ts(addr_range_t *ts, int n, const addr_range_t *addr)
{
	int i;

	for (i = 0; i < n; i++)
	{
		if (addr_range_contains(&ts[i], addr))
		{
			return true;
		}
	}
	return false;
}

bool local_checks_is_own(int family, const void *addr)
{
	struct ifaddrs *ifa, *cur;
	const void *a;
	bool own = false;

	if (getifaddrs(&ifa))
	{
		return false;
	}
	for (cur = ifa; cur && !own; cur = cur->ifa_next)
	{
		a = sa_addr(family, cur->ifa_addr);
		own = a && !memcmp(a, addr, addr_range_len(family));
	}
	freeifaddrs(ifa);
	return own;
}

bool local_checks_pick_source(local_probe_t *probe)
{
	struct ifaddrs *ifa, *cur;
	addr_range_t r;
	const void *a;
	bool found = false;
	int pass;

	if (getifaddrs(&ifa))
	{
		return false;
	}
	for (pass = 0; pass < 2 && !found; pass++)
	{	/* first not on the loopback */
		for (cur = ifa; cur && !found; cur = cur->ifa_next)
		{
			a = sa_addr(probe->family, cur->ifa_addr);
			if (!a || (!pass && !strcmp(cur->ifa_name, "lo")))
			{
				continue;
			}
			addr_range_from_addr(probe->family, a, &r);
			if (in_ts(probe->local_ts, probe->n_local, &r))
			{
				memcpy(probe->src, a, addr_range_len(probe->family));
				found = true;
			}
		}
	}
	freeifaddrs(ifa);
	return found;
}

/**
 * Whether a local selector holds more than the box's own addresses
 */
static bool subnets_behind(local_probe_t *probe)
{
	int i;

	for (i = 0; i < probe->n_local; i++)
	{
		if (!addr_range_is_host(&probe->local_ts[i]) ||
			!local_checks_is_own(probe->family, probe->local_ts[i].from))
		{
			return true;
		}
	}
	return false;
}

static void ntop(int family, const void *addr, char *buf)
{
	if (!inet_ntop(family, addr, buf, INET6_ADDRSTRLEN))
	{
		strcpy(buf, "?");
	}
}

/**
 * The remote selectors as one string
 */
static void remote_list(local_probe_t *probe, char *buf, size_t len)
{
	int i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < probe->n_remote && n >= 0 && (size_t)n < len; i++)
	{
		n += snprintf(buf + n, len - n, "%s%s", i ? ", " : "",
					  probe->remote_str[i]);
	}
}

/**
 * no-route: the kernel's route for the probe does not enter the tunnel
 */
static void check_route(local_probe_t *probe, route_lookup_t *route)
{
	char dst[INET6_ADDRSTRLEN], src[INET6_ADDRSTRLEN], ts[256], tun[IF_NAMESIZE];
	int rc;

	ntop(probe->family, probe->dst, dst);
	ntop(probe->family, probe->src, src);
	remote_list(probe, ts, sizeof(ts));
	route_first_tun(tun);
	rc = route_lookup(probe->family, probe->dst, probe->src, route);
	if (rc || (route->type != RTN_UNICAST && route->type != RTN_LOCAL))
	{
		add(probe, FINDING_NO_ROUTE,
			fmt("charon routes the remote selectors into table %d when it "
				"installs the CHILD_SA (charon.install_routes = yes): "
				"re-initiate it (swanctl --initiate --child %s) or add the "
				"route (ip route add %s %s%s table %d)", probe->routing_table,
				probe->child, probe->remote_str[0],
				*tun ? "dev " : "via <gateway>", tun, probe->routing_table),
			"no route to %s from %s (%s): the packets never reach the "
			"tunnel", dst, src, rc ? strerror(rc) : "unreachable route");
		return;
	}
	if (probe->kernel_libipsec && !route_is_tun(route->oif))
	{
		add(probe, FINDING_NO_ROUTE,
			fmt("restore charon's route: ip route add %s dev %s table %d; "
				"charon installs it with the CHILD_SA (charon.install_routes "
				"= yes): re-initiate it (swanctl --initiate --child %s)",
				probe->remote_str[0], *tun ? tun : "ipsec0",
				probe->routing_table, probe->child),
			"%s routes via %s (table %u), not into the tunnel: "
			"kernel-libipsec takes packets only from its TUN device%s%s, and "
			"table %d has no route for the remote selectors (%s)",
			dst, *route->oif ? route->oif : "no interface", route->table,
			*tun ? " " : "", tun, probe->routing_table, ts);
	}
}

/**
 * forwarding-off: the LAN behind the gateway cannot use the tunnel
 */
static void check_forwarding(local_probe_t *probe)
{
	bool v4 = probe->family == AF_INET;
	int v;

	v = v4 ? read_proc("/proc/sys/net/ipv4/ip_forward", "")
		   : read_proc("/proc/sys/net/ipv6/conf/all/forwarding", "");
	if (v == 0)
	{
		add(probe, FINDING_FORWARDING_OFF,
			fmt("sysctl -w %s=1 (and persist it in /etc/sysctl.d/)",
				v4 ? "net.ipv4.ip_forward" : "net.ipv6.conf.all.forwarding"),
			"%s forwarding is off while the local selectors (%s%s) are "
			"subnets behind this gateway: its own traffic uses the tunnel, "
			"its LAN's is not forwarded", v4 ? "IPv4" : "IPv6",
			probe->local_str[0], probe->n_local > 1 ? ", ..." : "");
	}
}

/**
 * A neighbour of an interface's address: the LAN host used as the source
 * of the LAN's traffic (the address +1, or -1 at the subnet's end)
 */
static void lan_host(int family, const void *own, const void *mask, uint8_t *host)
{
	size_t len = addr_range_len(family), i;
	uint8_t plus[16], bcast[16];

	memcpy(plus, own, len);
	for (i = len; i-- > 0;)
	{
		if (++plus[i])
		{
			break;
		}
	}
	for (i = 0; i < len; i++)
	{
		bcast[i] = ((uint8_t*)own)[i] | (mask ? ~((uint8_t*)mask)[i] : 0);
	}
	if (memcmp(plus, bcast, len) < 0 || family == AF_INET6)
	{
		memcpy(host, plus, len);
		return;
	}
	memcpy(host, own, len);
	for (i = len; i-- > 0;)
	{
		if (host[i]--)
		{
			break;
		}
	}
}

/**
 * rp-filter for traffic from addr arriving on ifname
 */
static void check_rp_one(local_probe_t *probe, json_t *ruleset,
						 const char *ifname, const uint8_t *from,
						 const uint8_t *to, const char *what)
{
	char addr[INET6_ADDRSTRLEN], *rule;
	route_lookup_t back;
	fw_packet_t pkt = {
		.iifname = ifname,
	};
	int all, dev;

	/* strict: the route back to the source must leave by ifname */
	if (route_lookup(probe->family, from, NULL, &back) == 0 &&
		!strcmp(back.oif, ifname))
	{
		return;
	}
	ntop(probe->family, from, addr);
	if (probe->family == AF_INET)
	{
		all = read_proc("/proc/sys/net/ipv4/conf/%s/rp_filter", "all");
		dev = read_proc("/proc/sys/net/ipv4/conf/%s/rp_filter", ifname);
		if ((all > dev ? all : dev) == 1)
		{
			add(probe, FINDING_RP_FILTER,
				fmt("sysctl -w net.ipv4.conf.%s.rp_filter=2 (loose; and "
					"net.ipv4.conf.all.rp_filter=2 if it is 1)", ifname),
				"strict reverse-path filtering on %s drops %s (from %s): "
				"the route back to it leaves by %s", ifname, what, addr,
				*back.oif ? back.oif : "no interface");
		}
	}
	addr_range_from_addr(probe->family, from, &pkt.saddr);
	addr_range_from_addr(probe->family, to, &pkt.daddr);
	if (ruleset && fw_rules_find_rpfilter(ruleset, &pkt, &rule))
	{
		add(probe, FINDING_RP_FILTER,
			fmt("exempt it or match loosely (fib saddr oif missing, without "
				"iif); nft -a list ruleset shows the handle"),
			"%s drops %s (from %s arriving on %s): the route back leaves "
			"by %s", rule ?: "a reverse-path rule", what, addr, ifname,
			*back.oif ? back.oif : "no interface");
		free(rule);
	}
}

/**
 * rp-filter on the LAN-facing interfaces and (kernel-libipsec) the TUN
 */
static void check_rp(local_probe_t *probe, json_t *ruleset,
					 route_lookup_t *route)
{
	struct ifaddrs *ifa, *cur;
	char done[8][IF_NAMESIZE];
	uint8_t host[16];
	addr_range_t r;
	const void *a;
	int n = 0, i;

	if (getifaddrs(&ifa) == 0)
	{
		for (cur = ifa; cur; cur = cur->ifa_next)
		{
			a = sa_addr(probe->family, cur->ifa_addr);
			if (!a || !strcmp(cur->ifa_name, "lo") ||
				route_is_tun(cur->ifa_name))
			{
				continue;
			}
			addr_range_from_addr(probe->family, a, &r);
			if (!in_ts(probe->local_ts, probe->n_local, &r))
			{
				continue;
			}
			for (i = 0; i < n && strcmp(done[i], cur->ifa_name); i++)
			{
			}
			if (i < n || n == 8)
			{
				continue;
			}
			snprintf(done[n++], IF_NAMESIZE, "%s", cur->ifa_name);
			lan_host(probe->family, a, sa_addr(probe->family, cur->ifa_netmask),
					 host);
			check_rp_one(probe, ruleset, cur->ifa_name, host, probe->dst,
						 "the LAN's traffic to the tunnel");
		}
		freeifaddrs(ifa);
	}
	if (probe->kernel_libipsec && route_is_tun(route->oif))
	{	/* decrypted replies arrive on the TUN device */
		check_rp_one(probe, ruleset, route->oif, probe->dst, probe->src,
					 "the tunnel's inbound traffic");
	}
}

/**
 * The LAN-facing interface of the box: one with an address in the local
 * selectors (not lo), NULL if none
 */
static bool lan_iface(local_probe_t *probe, char name[IF_NAMESIZE])
{
	struct ifaddrs *ifa, *cur;
	addr_range_t r;
	const void *a;

	name[0] = '\0';
	if (getifaddrs(&ifa))
	{
		return false;
	}
	for (cur = ifa; cur && !name[0]; cur = cur->ifa_next)
	{
		a = sa_addr(probe->family, cur->ifa_addr);
		if (!a || !strcmp(cur->ifa_name, "lo") || route_is_tun(cur->ifa_name))
		{
			continue;
		}
		addr_range_from_addr(probe->family, a, &r);
		if (in_ts(probe->local_ts, probe->n_local, &r))
		{
			snprintf(name, IF_NAMESIZE, "%s", cur->ifa_name);
		}
	}
	freeifaddrs(ifa);
	return name[0] != '\0';
}

/**
 * snat-before-ipsec: a masquerade/snat in postrouting rewrites the source
 * of traffic to the remote selectors before the policy lookup
 */
static void check_snat(local_probe_t *probe, json_t *ruleset,
					   route_lookup_t *route)
{
	fw_packet_t pkt = {
		.oifname = *route->oif ? route->oif : NULL,
	};
	char *rule = NULL;
	bool found;
	int i, j;

	/* the probe itself, then the LAN's traffic */
	addr_range_from_addr(probe->family, probe->src, &pkt.saddr);
	addr_range_from_addr(probe->family, probe->dst, &pkt.daddr);
	found = fw_rules_find(ruleset, "postrouting", "nat", &pkt, FW_WANT_SNAT,
						  &rule);
	for (i = 0; !found && i < probe->n_local; i++)
	{
		for (j = 0; !found && j < probe->n_remote; j++)
		{
			pkt.saddr = probe->local_ts[i];
			pkt.daddr = probe->remote_ts[j];
			if (pkt.saddr.family == probe->family &&
				pkt.daddr.family == probe->family)
			{
				found = fw_rules_find(ruleset, "postrouting", "nat", &pkt,
									  FW_WANT_SNAT, &rule);
			}
		}
	}
	if (found)
	{
		add(probe, FINDING_SNAT_BEFORE_IPSEC,
			fmt("exempt IPsec traffic before it: nft insert rule <table> "
				"<chain> rt ipsec exists accept (iptables: -t nat -I "
				"POSTROUTING -m policy --dir out --pol ipsec -j ACCEPT), or "
				"match the rule with ip daddr != %s", probe->remote_str[0]),
			"%s rewrites the source of traffic to the remote selectors "
			"before the IPsec policy lookup: the packets no longer match "
			"the CHILD_SA's local selectors", rule ?: "a masquerade/snat rule");
	}
	free(rule);
}

/**
 * forward-drop: a filter rule drops forwarded traffic between the selectors
 */
static void check_forward(local_probe_t *probe, json_t *ruleset,
						  route_lookup_t *route)
{
	char lan[IF_NAMESIZE], *rule = NULL;
	fw_packet_t pkt = {};
	bool found = false;
	int i, j, dir, at = 0;

	lan_iface(probe, lan);
	for (dir = 0; dir < 2 && !found; dir++)
	{
		pkt.iifname = dir ? (*route->oif ? route->oif : NULL) : (*lan ? lan : NULL);
		pkt.oifname = dir ? (*lan ? lan : NULL) : (*route->oif ? route->oif : NULL);
		for (i = 0; !found && i < probe->n_local; i++)
		{
			for (j = 0; !found && j < probe->n_remote; j++)
			{
				if (probe->local_ts[i].family != probe->family ||
					probe->remote_ts[j].family != probe->family)
				{
					continue;
				}
				pkt.saddr = dir ? probe->remote_ts[j] : probe->local_ts[i];
				pkt.daddr = dir ? probe->local_ts[i] : probe->remote_ts[j];
				found = fw_rules_find(ruleset, "forward", NULL, &pkt,
									  FW_WANT_DROP, &rule);
				at = dir;
			}
		}
	}
	if (found)
	{
		add(probe, FINDING_FORWARD_DROP,
			fmt("accept forwarded traffic between the selectors before it "
				"(e.g. nft insert rule <table> <chain> ip saddr %s ip daddr "
				"%s accept, and the reverse)", probe->local_str[0],
				probe->remote_str[0]),
			"%s drops forwarded traffic %s", rule ?: "a filter rule",
			at == 0 ? "from the LAN to the remote selectors"
					 : "from the remote selectors to the LAN");
	}
	free(rule);
}

void local_checks_run(local_probe_t *probe, json_t *ruleset,
					  const char *nft_err)
{
	route_lookup_t route;
	bool behind;

	check_route(probe, &route);
	behind = subnets_behind(probe);
	if (behind)
	{
		check_forwarding(probe);
	}
	check_rp(probe, ruleset, &route);
	if (!ruleset)
	{
		add(probe, FINDING_FIREWALL_UNREADABLE,
			fmt("run vpndiag as root with libnftables available"),
			"the firewall rules could not be read (%s): masquerade/SNAT and "
			"forward rules were not checked", nft_err ?: "unknown error");
		return;
	}
	check_snat(probe, ruleset, &route);
	if (behind)
	{
		check_forward(probe, ruleset, &route);
	}
}

void local_checks_free(local_probe_t *probe)
{
	int i;

	for (i = 0; i < probe->n_findings; i++)
	{
		free(probe->findings[i].detail);
		free(probe->findings[i].remedy);
	}
	probe->n_findings = 0;
}
