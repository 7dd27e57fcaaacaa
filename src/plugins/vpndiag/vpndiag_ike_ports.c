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

#include "vpndiag_ike_ports.h"

#include <ctype.h>
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/** sockets on one port we look owners up for */
#define MAX_SOCKETS 8

/**
 * A UDP socket bound to the port
 */
typedef struct {
	unsigned long inode;
	/** owner, 0 if not found */
	pid_t pid;
} udp_socket_t;

/**
 * Collect the inodes of the sockets in a /proc/net/udp[6] table bound to
 * port; with wildcard_only, only those on the wildcard address
 */
static int read_table(const char *proc, const char *table, uint16_t port,
					  bool wildcard_only, udp_socket_t *out, int count)
{
	char path[PATH_MAX], line[512], local[64], *colon;
	unsigned long inode;
	unsigned int lport;
	FILE *file;

	snprintf(path, sizeof(path), "%s/net/%s", proc, table);
	file = fopen(path, "re");
	if (!file)
	{
		return count;
	}
	while (count < MAX_SOCKETS && fgets(line, sizeof(line), file))
	{
		/* sl local_address rem_address st tx:rx tr:when retrnsmt uid
		 * timeout inode */
		if (sscanf(line, " %*[0-9]: %63s %*s %*s %*s %*s %*s %*s %*s %lu",
				   local, &inode) != 2 || !inode)
		{
			continue;
		}
		colon = strchr(local, ':');
		if (!colon || sscanf(colon + 1, "%x", &lport) != 1 || lport != port)
		{
			continue;
		}
		*colon = '\0';
		if (wildcard_only && strspn(local, "0") != strlen(local))
		{
			continue;
		}
		out[count++] = (udp_socket_t){ .inode = inode };
	}
	fclose(file);
	return count;
}

/**
 * Mark the sockets among the fds of one process as its own
 */
static int scan_process(const char *proc, const char *pid,
						udp_socket_t *sockets, int count, int left)
{
	char path[PATH_MAX], link[64];
	unsigned long inode;
	struct dirent *fe;
	DIR *fdir;
	ssize_t n;
	int i;

	snprintf(path, sizeof(path), "%s/%s/fd", proc, pid);
	fdir = opendir(path);
	if (!fdir)
	{
		return left;
	}
	while (left && (fe = readdir(fdir)))
	{
		snprintf(path, sizeof(path), "%s/%s/fd/%s", proc, pid, fe->d_name);
		n = readlink(path, link, sizeof(link) - 1);
		if (n <= 0)
		{
			continue;
		}
		link[n] = '\0';
		if (sscanf(link, "socket:[%lu]", &inode) != 1)
		{
			continue;
		}
		for (i = 0; i < count; i++)
		{
			if (sockets[i].inode == inode && !sockets[i].pid)
			{
				sockets[i].pid = atoi(pid);
				left--;
			}
		}
	}
	closedir(fdir);
	return left;
}

/**
 * Find the owners of the sockets in the fds of every process, until the
 * left ones without an owner are found
 */
static void find_owners(const char *proc, udp_socket_t *sockets, int count,
						int left)
{
	struct dirent *pe;
	DIR *pdir;

	pdir = opendir(proc);
	if (!pdir)
	{
		return;
	}
	while (left && (pe = readdir(pdir)))
	{
		if (isdigit((unsigned char)pe->d_name[0]))
		{
			left = scan_process(proc, pe->d_name, sockets, count, left);
		}
	}
	closedir(pdir);
}

/**
 * Append "pid N (comm)" of a process
 */
static void describe(const char *proc, pid_t pid, char *buf, size_t len)
{
	char path[PATH_MAX], comm[64] = "";
	size_t pos = strlen(buf);
	FILE *file;

	snprintf(path, sizeof(path), "%s/%d/comm", proc, pid);
	file = fopen(path, "re");
	if (file)
	{
		if (fgets(comm, sizeof(comm), file))
		{
			comm[strcspn(comm, "\n")] = '\0';
		}
		fclose(file);
	}
	if (pos < len)
	{
		snprintf(buf + pos, len - pos, "%spid %d%s%s%s", pos ? ", " : "", pid,
				 *comm ? " (" : "", comm, *comm ? ")" : "");
	}
}

/*
 * Described in header
 */
int vpndiag_ike_port_conflict(const char *proc, pid_t self, uint16_t port,
							  bool ipv6, char *holders, size_t len)
{
	udp_socket_t sockets[MAX_SOCKETS];
	int family, count, left, i, j, others = 0, unknown = 0;
	char pid[16];
	bool seen;

	if (len)
	{
		*holders = '\0';
	}
	family = read_table(proc, ipv6 ? "udp6" : "udp", port, false, sockets, 0);
	count = family;
	if (!ipv6)
	{	/* a dual-stack IPv6 socket on :: takes the IPv4 port too */
		count = read_table(proc, "udp6", port, true, sockets, count);
	}
	if (!count)
	{
		return 0;
	}
	/* charon's own fds first: usually the port is its own, and no other
	 * process needs to be looked at */
	snprintf(pid, sizeof(pid), "%d", self);
	left = scan_process(proc, pid, sockets, count, count);
	for (i = 0; i < count; i++)
	{
		if (sockets[i].pid == self && i < family)
		{	/* charon has its socket in that family (its IPv6 sockets are
			 * IPV6_V6ONLY, socket_default_socket.c open_socket()) */
			return 0;
		}
	}
	if (left)
	{
		find_owners(proc, sockets, count, left);
	}
	for (i = 0; i < count; i++)
	{
		if (sockets[i].pid == self)
		{
			continue;
		}
		if (!sockets[i].pid)
		{
			unknown++;
			continue;
		}
		seen = false;
		for (j = 0; j < i; j++)
		{
			seen = seen || sockets[j].pid == sockets[i].pid;
		}
		if (!seen)
		{
			describe(proc, sockets[i].pid, holders, len);
		}
		others++;
	}
	if (unknown && len && strlen(holders) < len)
	{
		snprintf(holders + strlen(holders), len - strlen(holders),
				 "%sa process vpndiag cannot see", *holders ? ", " : "");
	}
	return others + unknown;
}
