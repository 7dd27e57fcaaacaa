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

#include "route_lookup.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <dirent.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#ifndef RTM_F_LOOKUP_TABLE
#define RTM_F_LOOKUP_TABLE 0x1000
#endif

/**
 * Append an attribute
 */
static void add_attr(struct nlmsghdr *hdr, int type, const void *data, int len)
{
	struct rtattr *rta;

	rta = (struct rtattr*)((char*)hdr + NLMSG_ALIGN(hdr->nlmsg_len));
	rta->rta_type = type;
	rta->rta_len = RTA_LENGTH(len);
	memcpy(RTA_DATA(rta), data, len);
	hdr->nlmsg_len = NLMSG_ALIGN(hdr->nlmsg_len) + RTA_ALIGN(rta->rta_len);
}

int route_lookup(int family, const void *dst, const void *src,
				 route_lookup_t *route)
{
	struct {
		struct nlmsghdr hdr;
		struct rtmsg msg;
		char attrs[128];
	} req;
	char buf[4096];
	struct timeval tv = { .tv_sec = 2 };
	struct nlmsghdr *hdr;
	struct rtmsg *msg;
	struct rtattr *rta;
	int fd, len, alen, rc = EIO, addrlen = family == AF_INET ? 4 : 16;
	unsigned oif = 0;

	memset(route, 0, sizeof(*route));
	memset(&req, 0, sizeof(req));
	req.hdr.nlmsg_len = NLMSG_LENGTH(sizeof(struct rtmsg));
	req.hdr.nlmsg_type = RTM_GETROUTE;
	req.hdr.nlmsg_flags = NLM_F_REQUEST;
	req.hdr.nlmsg_seq = 1;
	req.msg.rtm_family = family;
	req.msg.rtm_flags = RTM_F_LOOKUP_TABLE;
	req.msg.rtm_dst_len = addrlen * 8;
	add_attr(&req.hdr, RTA_DST, dst, addrlen);
	if (src)
	{
		req.msg.rtm_src_len = addrlen * 8;
		add_attr(&req.hdr, RTA_SRC, src, addrlen);
	}
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
	{
		return errno;
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (send(fd, &req, req.hdr.nlmsg_len, 0) < 0 ||
		(len = recv(fd, buf, sizeof(buf), 0)) < 0)
	{
		rc = errno;
		close(fd);
		return rc;
	}
	close(fd);
	for (hdr = (struct nlmsghdr*)buf; NLMSG_OK(hdr, (unsigned)len);
		 hdr = NLMSG_NEXT(hdr, len))
	{
		if (hdr->nlmsg_type == NLMSG_ERROR)
		{
			rc = -((struct nlmsgerr*)NLMSG_DATA(hdr))->error;
			break;
		}
		if (hdr->nlmsg_type != RTM_NEWROUTE)
		{
			continue;
		}
		msg = NLMSG_DATA(hdr);
		route->type = msg->rtm_type;
		route->table = msg->rtm_table;
		alen = RTM_PAYLOAD(hdr);
		for (rta = RTM_RTA(msg); RTA_OK(rta, alen); rta = RTA_NEXT(rta, alen))
		{
			if (rta->rta_type == RTA_TABLE)
			{
				route->table = *(unsigned*)RTA_DATA(rta);
			}
			else if (rta->rta_type == RTA_OIF)
			{
				oif = *(unsigned*)RTA_DATA(rta);
			}
		}
		if (!oif || !if_indextoname(oif, route->oif))
		{
			route->oif[0] = '\0';
		}
		rc = 0;
		break;
	}
	return rc;
}

bool route_is_tun(const char *ifname)
{
	char path[128];

	if (!*ifname || strchr(ifname, '/'))
	{
		return false;
	}
	snprintf(path, sizeof(path), "/sys/class/net/%s/tun_flags", ifname);
	return access(path, F_OK) == 0;
}

void route_first_tun(char name[IF_NAMESIZE])
{
	struct dirent *entry;
	DIR *dir;

	name[0] = '\0';
	dir = opendir("/sys/class/net");
	if (!dir)
	{
		return;
	}
	while ((entry = readdir(dir)))
	{
		if (entry->d_name[0] != '.' && strlen(entry->d_name) < IF_NAMESIZE &&
			route_is_tun(entry->d_name))
		{
			snprintf(name, IF_NAMESIZE, "%s", entry->d_name);
			break;
		}
	}
	closedir(dir);
}
