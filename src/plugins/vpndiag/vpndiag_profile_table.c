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

/*
 * The peer profiles and their sources, as data (vpndiag_profiles.h).
 * A row per profile; each value names a row of the source table. A value
 * that no stored public page states is left out (unknown), never guessed;
 * docs/profiles.md shows the same table and quotes the sources, and the
 * unit test (tests/unit/test_profiles.c) fails on a value without one.
 */

#include "vpndiag_profiles.h"

/** a value and its source */
#define V(value, source) { value, source }

/**
 * Where the values come from: the vendor's page, the edition it describes,
 * the date the page states
 */
static const vpndiag_profile_source_t sources[] = {
	{ "aws-tunnel-options",
	  "https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html",
	  "AWS Site-to-Site VPN (virtual private gateway or transit gateway), "
	  "tunnel options",
	  "undated (the stored page states no date)" },
	{ "aws-cfn-phase1-encryption",
	  "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
	  "aws-properties-ec2-vpnconnection-phase1encryptionalgorithmsrequest"
	  "listvalue.html",
	  "AWS Site-to-Site VPN, CloudFormation AWS::EC2::VPNConnection "
	  "tunnel options (allowed values)",
	  "undated (the stored page states no date)" },
	{ "aws-lza-phase1",
	  "https://awslabs.github.io/landing-zone-accelerator-on-aws/latest/"
	  "typedocs/v1.6.0/classes/_aws_accelerator_config.Phase1Config.html",
	  "AWS Site-to-Site VPN tunnel Phase 1 defaults, as the awslabs "
	  "Landing Zone Accelerator on AWS v1.6.0 reference states them",
	  "undated (reference of release v1.6.0)" },
	{ "aws-lza-phase2",
	  "https://awslabs.github.io/landing-zone-accelerator-on-aws/v1.12.1/"
	  "typedocs/interfaces/___packages__aws_accelerator_config_lib_models_"
	  "network_config.IPhase2Config.html",
	  "AWS Site-to-Site VPN tunnel Phase 2 defaults, as the awslabs "
	  "Landing Zone Accelerator on AWS v1.12.1 reference states them",
	  "undated (reference of release v1.12.1)" },
	{ "aws-sdk-phase2-integrity",
	  "https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/ec2/"
	  "aws.sdk.kotlin.services.ec2.model/-vpn-tunnel-options-specification/"
	  "phase2-integrity-algorithms.html",
	  "AWS Site-to-Site VPN, EC2 API VpnTunnelOptionsSpecification "
	  "(AWS SDK for Kotlin reference, valid values)",
	  "undated (the stored page states no date)" },
	{ "aws-connection-options",
	  "https://docs.aws.amazon.com/vpn/latest/s2svpn/"
	  "modify-vpn-connection-options.html",
	  "AWS Site-to-Site VPN, VPN connection options (local and remote "
	  "IPv4 network CIDR)",
	  "undated (the stored page states no date)" },
	{ "aws-tunnel-options-copy",
	  "https://eratool.com/?p=2407",
	  "AWS Site-to-Site VPN tunnel options: a third-party copy of the AWS "
	  "page above (its DPD section, cut off in the stored AWS page)",
	  "2024-11-13 (date of the copy)" },
	{ "azure-crypto-learn",
	  "https://learn.microsoft.com/en-us/azure/vpn-gateway/"
	  "vpn-gateway-about-compliance-crypto",
	  "Azure VPN Gateway (all SKUs but Basic), site-to-site",
	  "undated (the stored page states no date)" },
	{ "azure-crypto-docs",
	  "https://docs.microsoft.com/en-ca/azure/vpn-gateway/"
	  "vpn-gateway-about-compliance-crypto",
	  "Azure VPN Gateway, default IKEv2 main mode policy (an earlier "
	  "revision of the page above)",
	  "undated (the stored page states no date)" },
	{ "azure-vwan-ipsec",
	  "https://learn.microsoft.com/en-au/azure/virtual-wan/virtual-wan-ipsec",
	  "Azure Virtual WAN site-to-site VPN, default IPsec policies (Azure "
	  "as responder)",
	  "undated (the stored page states no date)" },
	{ "gcp-ike-ciphers",
	  "https://cloud.google.com/network-connectivity/docs/vpn/concepts/"
	  "supported-ike-ciphers",
	  "Google Cloud VPN (Classic VPN and HA VPN)",
	  "undated (the stored page states no date)" },
	{ "huawei-faq-enterprise",
	  "https://support.huaweicloud.com/intl/en-us/vpn_faq/"
	  "vpn_faq_00003.html",
	  "Huawei Cloud VPN, S2C Enterprise Edition (the FAQ of this title is "
	  "listed under 'S2C Enterprise Edition VPN', support.huaweicloud.com/"
	  "eu/vpn_faq/vpn_faq_00051.html)",
	  "2024-07-23 ('Updated on 2024-07-23 GMT+08:00')" },
	{ "huawei-faq-classic",
	  "https://support.huaweicloud.com/vpn_faq/vpn_08_0602.html",
	  "Huawei Cloud VPN, S2C Classic Edition (zh-cn page, section "
	  "'站点入云VPN经典版')",
	  "2024-04-19 ('更新时间:2024-04-19 GMT+08:00')" },
	{ "tencent-tunnel",
	  "https://www.tencentcloud.com/document/product/1037/39635",
	  "Tencent Cloud VPN Connections, VPN tunnel with SPD policies",
	  "2024-01-09 ('Last updated: 2024-01-09 14:29:29')" },
	{ "alibaba-single-tunnel",
	  "https://www.alibabacloud.com/help/en/vpn/sub-product-ipsec-vpn/"
	  "user-guide/create-and-manage-ipsec-vpn-connections-in-single-tunnel"
	  "-mode",
	  "Alibaba Cloud VPN Gateway, IPsec-VPN connection in single-tunnel "
	  "mode",
	  "2024-05-14 ('Last Updated:May 14, 2024')" },
	{ "alibaba-dual-tunnel",
	  "https://www.alibabacloud.com/help/en/vpn/sub-product-ipsec-vpn/"
	  "user-guide/create-and-manage-an-ipsec-vpn-connection-in-dual-tunnel"
	  "-mode",
	  "Alibaba Cloud VPN Gateway, IPsec-VPN connection in dual-tunnel mode",
	  "2025-04-03 ('Last Updated:Apr 03, 2025')" },
	{ "strongswan-5.9.8-swanctl-opt",
	  "strongswan-5.9.8/src/swanctl/swanctl.opt "
	  "(https://download.strongswan.org/strongswan-5.9.8.tar.bz2)",
	  "strongSwan 5.9.8 (Debian bookworm 5.9.8-5+deb12u5), swanctl.conf "
	  "defaults",
	  "release 5.9.8 (the file is undated; Debian's newest changelog "
	  "entry of the package: 2026-05-27)" },
	{ "strongswan-5.9.8-proposal-c",
	  "strongswan-5.9.8/src/libstrongswan/crypto/proposal/proposal.c "
	  "(proposal_create_default(), proposal_create_default_aead(), "
	  "select_algo())",
	  "strongSwan 5.9.8 (Debian bookworm 5.9.8-5+deb12u5), the ESP "
	  "proposals of esp_proposals = default",
	  "release 5.9.8 (the file is undated; Debian's newest changelog "
	  "entry of the package: 2026-05-27)" },
	{ "strongswan-6.0.1-swanctl-opt",
	  "strongswan-6.0.1/src/swanctl/swanctl.opt "
	  "(https://download.strongswan.org/strongswan-6.0.1.tar.bz2)",
	  "strongSwan 6.0.1 (Debian trixie 6.0.1-6+deb13u7), swanctl.conf "
	  "defaults",
	  "release 6.0.1 (the file is undated; Debian's newest changelog "
	  "entry of the package: 2026-09-01)" },
	{ "strongswan-6.0.1-proposal-c",
	  "strongswan-6.0.1/src/libstrongswan/crypto/proposal/proposal.c "
	  "(proposal_create_default(), proposal_create_default_aead(), "
	  "select_algo())",
	  "strongSwan 6.0.1 (Debian trixie 6.0.1-6+deb13u7), the ESP "
	  "proposals of esp_proposals = default",
	  "release 6.0.1 (the file is undated; Debian's newest changelog "
	  "entry of the package: 2026-09-01)" },
};

/**
 * The profiles, a row each (field order of vpndiag_profile_field_t)
 */
static const vpndiag_profile_t profiles[] = {
	{ "aws",
	  "AWS Site-to-Site VPN (virtual private gateway or transit gateway), "
	  "default tunnel options", {
		[VPNDIAG_PF_IKE_VERSIONS] = V("1,2", "aws-tunnel-options"),
		[VPNDIAG_PF_IKE_ENCR] = V("aes128,aes256,aes128gcm16,aes256gcm16",
								  "aws-cfn-phase1-encryption"),
		[VPNDIAG_PF_IKE_INTEG] = V("sha1,sha256,sha384,sha512",
								   "aws-lza-phase1"),
		[VPNDIAG_PF_IKE_KE] = V("modp1024,modp2048,modp3072,modp4096,"
								"modp6144,modp8192,ecp256,ecp384,ecp521,"
								"modp1024s160,modp2048s224,modp2048s256",
								"aws-lza-phase1"),
		[VPNDIAG_PF_IKE_LIFETIME] = V("28800 900 28800", "aws-lza-phase1"),
		[VPNDIAG_PF_ESP_ENCR] = V("aes128,aes256,aes128gcm16,aes256gcm16",
								  "aws-lza-phase2"),
		[VPNDIAG_PF_ESP_INTEG] = V("sha1,sha256,sha384,sha512",
								   "aws-sdk-phase2-integrity"),
		[VPNDIAG_PF_PFS_KE] = V("modp1024,modp1536,modp2048,modp3072,"
								"modp4096,modp6144,modp8192,ecp256,ecp384,"
								"ecp521,modp1024s160,modp2048s224,"
								"modp2048s256", "aws-lza-phase2"),
		[VPNDIAG_PF_DPD] = V("DPD timeout 40 s by default (30 s or more); "
							 "DPD timeout action Clear by default (ends the "
							 "IKE session, clears the routes)",
							 "aws-tunnel-options-copy"),
		[VPNDIAG_PF_SELECTORS] = V("0.0.0.0/0 === 0.0.0.0/0",
								   "aws-connection-options"),
	}},
	{ "azure",
	  "Azure VPN Gateway (all SKUs but Basic), default policy", {
		[VPNDIAG_PF_IKE_VERSIONS] = V("1,2", "azure-crypto-learn"),
		[VPNDIAG_PF_IKE_KE] = V("modp1024", "azure-crypto-docs"),
	}},
	{ "azure-vwan",
	  "Azure Virtual WAN site-to-site VPN, default IPsec policies (Azure "
	  "as responder; the per-type union of the listed combinations)", {
		[VPNDIAG_PF_IKE_ENCR] = V("aes256,aes128", "azure-vwan-ipsec"),
		[VPNDIAG_PF_IKE_INTEG] = V("sha1,sha256", "azure-vwan-ipsec"),
		[VPNDIAG_PF_IKE_KE] = V("modp1024", "azure-vwan-ipsec"),
		[VPNDIAG_PF_ESP_ENCR] = V("aes256gcm16,aes256,aes128",
								  "azure-vwan-ipsec"),
		[VPNDIAG_PF_ESP_INTEG] = V("sha1,sha256", "azure-vwan-ipsec"),
		[VPNDIAG_PF_PFS] = V("optional", "azure-vwan-ipsec"),
		[VPNDIAG_PF_PFS_KE] = V("modp768,modp1024,modp2048,modp2048s256",
								"azure-vwan-ipsec"),
	}},
	{ "gcp",
	  "Google Cloud VPN (Classic VPN and HA VPN)", {
	}},
	{ "huawei-cloud",
	  "Huawei Cloud VPN, S2C Enterprise Edition, default negotiation "
	  "parameters", {
		[VPNDIAG_PF_IKE_VERSIONS] = V("1,2", "huawei-faq-enterprise"),
		[VPNDIAG_PF_IKE_ENCR] = V("3des,aes128,aes192,aes256,aes256gcm16",
								  "huawei-faq-enterprise"),
		[VPNDIAG_PF_IKE_INTEG] = V("md5,sha1,sha256,sha384,sha512",
								   "huawei-faq-enterprise"),
		[VPNDIAG_PF_IKE_KE] = V("modp768,modp1024,modp1536,modp2048,"
								"modp3072,modp4096,ecp256,ecp384,ecp521",
								"huawei-faq-enterprise"),
		[VPNDIAG_PF_IKE_LIFETIME] = V("86400 60 604800",
									  "huawei-faq-enterprise"),
		[VPNDIAG_PF_ID_TYPES] = V("ipv4,fqdn", "huawei-faq-enterprise"),
		[VPNDIAG_PF_PEER_ID_TYPES] = V("ipv4", "huawei-faq-enterprise"),
	}},
	{ "huawei-cloud-classic",
	  "Huawei Cloud VPN, S2C Classic Edition, default negotiation "
	  "parameters", {
		[VPNDIAG_PF_IKE_VERSIONS] = V("1,2", "huawei-faq-classic"),
		[VPNDIAG_PF_IKE_ENCR] = V("3des,aes128,aes192,aes256",
								  "huawei-faq-classic"),
		[VPNDIAG_PF_IKE_INTEG] = V("md5,sha1,sha256,sha384,sha512",
								   "huawei-faq-classic"),
		[VPNDIAG_PF_IKE_KE] = V("modp768,modp1024,modp1536,modp2048,"
								"modp3072,modp4096,ecp256,ecp384,ecp521",
								"huawei-faq-classic"),
		[VPNDIAG_PF_IKE_LIFETIME] = V("86400 60 604800",
									  "huawei-faq-classic"),
		[VPNDIAG_PF_ESP_ENCR] = V("aes128,aes192,aes256,3des",
								  "huawei-faq-classic"),
		[VPNDIAG_PF_ESP_INTEG] = V("sha1,md5,sha256,sha384,sha512",
								   "huawei-faq-classic"),
		[VPNDIAG_PF_PFS] = V("required", "huawei-faq-classic"),
		[VPNDIAG_PF_PFS_KE] = V("modp768,modp1024,modp1536,modp2048,"
								"modp3072,modp4096,ecp256,ecp384,ecp521",
								"huawei-faq-classic"),
		[VPNDIAG_PF_CHILD_LIFETIME] = V("3600 480 604800",
										"huawei-faq-classic"),
	}},
	{ "tencent-cloud",
	  "Tencent Cloud VPN Connections, VPN tunnel", {
		[VPNDIAG_PF_SELECTOR_STYLE] = V("policy-based (SPD policies, one "
										"negotiation per local/peer CIDR "
										"mapping); route-based tunnels are "
										"a separate option",
										"tencent-tunnel"),
	}},
	{ "alibaba-cloud",
	  "Alibaba Cloud VPN Gateway, IPsec-VPN connection", {
		[VPNDIAG_PF_DPD] = V("enabled by default: DPD packets are sent, the "
							 "SAs are deleted when the peer does not answer",
							 "alibaba-single-tunnel"),
		[VPNDIAG_PF_NAT_T] = V("enabled by default", "alibaba-single-tunnel"),
		[VPNDIAG_PF_SELECTOR_STYLE] = V("route-based by default (Destination "
										"Routing Mode); policy-based "
										"(Protected Data Flows) on request",
										"alibaba-dual-tunnel"),
	}},
	{ "strongswan-5.9",
	  "strongSwan 5.9.8 with swanctl.conf defaults (proposals and "
	  "esp_proposals = default)", {
		[VPNDIAG_PF_IKE_VERSIONS] = V("1,2", "strongswan-5.9.8-swanctl-opt"),
		[VPNDIAG_PF_IKE_LIFETIME] = V("14400 - -",
									  "strongswan-5.9.8-swanctl-opt"),
		[VPNDIAG_PF_ESP_ENCR] = V("aes128gcm16,aes192gcm16,aes256gcm16,"
								  "aes128,aes192,aes256",
								  "strongswan-5.9.8-proposal-c"),
		[VPNDIAG_PF_ESP_INTEG] = V("sha256,sha384,sha512,sha1,aesxcbc",
								   "strongswan-5.9.8-proposal-c"),
		[VPNDIAG_PF_PFS] = V("none", "strongswan-5.9.8-proposal-c"),
		[VPNDIAG_PF_CHILD_LIFETIME] = V("3600 - -",
										"strongswan-5.9.8-swanctl-opt"),
		[VPNDIAG_PF_DPD] = V("dpd_delay = 0s: sends no DPD of its own, "
							 "answers the peer's", "strongswan-5.9.8-swanctl-opt"),
		[VPNDIAG_PF_FRAGMENTATION] = V("fragmentation = yes",
									   "strongswan-5.9.8-swanctl-opt"),
		[VPNDIAG_PF_MOBIKE] = V("mobike = yes (IKEv2)",
								"strongswan-5.9.8-swanctl-opt"),
		[VPNDIAG_PF_NAT_T] = V("encap = no: UDP encapsulation when a NAT is "
							   "detected", "strongswan-5.9.8-swanctl-opt"),
	}},
	{ "strongswan-6.0",
	  "strongSwan 6.0.1 with swanctl.conf defaults (proposals and "
	  "esp_proposals = default)", {
		[VPNDIAG_PF_IKE_VERSIONS] = V("1,2", "strongswan-6.0.1-swanctl-opt"),
		[VPNDIAG_PF_IKE_LIFETIME] = V("14400 - -",
									  "strongswan-6.0.1-swanctl-opt"),
		[VPNDIAG_PF_ESP_ENCR] = V("aes128gcm16,aes192gcm16,aes256gcm16,"
								  "aes128,aes192,aes256",
								  "strongswan-6.0.1-proposal-c"),
		[VPNDIAG_PF_ESP_INTEG] = V("sha256,sha384,sha512,sha1,aesxcbc",
								   "strongswan-6.0.1-proposal-c"),
		[VPNDIAG_PF_PFS] = V("none", "strongswan-6.0.1-proposal-c"),
		[VPNDIAG_PF_CHILD_LIFETIME] = V("3600 - -",
										"strongswan-6.0.1-swanctl-opt"),
		[VPNDIAG_PF_DPD] = V("dpd_delay = 0s: sends no DPD of its own, "
							 "answers the peer's", "strongswan-6.0.1-swanctl-opt"),
		[VPNDIAG_PF_FRAGMENTATION] = V("fragmentation = yes",
									   "strongswan-6.0.1-swanctl-opt"),
		[VPNDIAG_PF_MOBIKE] = V("mobike = yes (IKEv2)",
								"strongswan-6.0.1-swanctl-opt"),
		[VPNDIAG_PF_NAT_T] = V("encap = no: UDP encapsulation when a NAT is "
							   "detected", "strongswan-6.0.1-swanctl-opt"),
	}},
};

/*
 * Described in header
 */
const vpndiag_profile_t *vpndiag_profile_at(int n)
{
	if (n < 0 || n >= (int)countof(profiles))
	{
		return NULL;
	}
	return &profiles[n];
}

/*
 * Described in header
 */
const vpndiag_profile_source_t *vpndiag_profile_source_at(int n)
{
	if (n < 0 || n >= (int)countof(sources))
	{
		return NULL;
	}
	return &sources[n];
}
