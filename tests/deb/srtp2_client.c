// SPDX-License-Identifier: BSD-3-Clause
/* A libsrtp2 program, built against Debian's libsrtp2-dev: it protects the RFC 3711 / VECTORS.md
 * RTP packet and prints the SRTP packet in hex. test-deb runs it with the system's libsrtp2.so.1
 * and with the drop-in's (srtpo-libsrtp2) and compares what they print. */
#include <stdio.h>
#include <string.h>

#include <srtp2/srtp.h>

int main(void)
{
	unsigned char key[30] = { 0xe1, 0xf9, 0x7a, 0x0d, 0x3e, 0x01, 0x8b, 0xe0, 0xd6, 0x4f,
				  0xa3, 0x2c, 0x06, 0xde, 0x41, 0x39, 0x0e, 0xc6, 0x75, 0xad,
				  0x49, 0x8a, 0xfe, 0xeb, 0xb6, 0x96, 0x0b, 0x3a, 0xab, 0xe6 };
	unsigned char pkt[64] = { 0x80, 0x0f, 0x12, 0x34, 0xde, 0xca, 0xfb, 0xad,
				  0xca, 0xfe, 0xba, 0xbe };
	int len = 28;
	srtp_policy_t policy;
	srtp_t session;

	memset(pkt + 12, 0xab, 16);
	memset(&policy, 0, sizeof(policy));
	srtp_crypto_policy_set_rtp_default(&policy.rtp);
	srtp_crypto_policy_set_rtcp_default(&policy.rtcp);
	policy.ssrc.type = ssrc_specific;
	policy.ssrc.value = 0xcafebabe;
	policy.key = key;
	policy.window_size = 128;
	if (srtp_init() != srtp_err_status_ok || srtp_create(&session, &policy) != srtp_err_status_ok ||
	    srtp_protect(session, pkt, &len) != srtp_err_status_ok) {
		fprintf(stderr, "srtp2_client: libsrtp2 refused the packet\n");
		return 1;
	}
	for (int i = 0; i < len; i++)
		printf("%02x", pkt[i]);
	printf("\n");
	srtp_dealloc(session);
	srtp_shutdown();
	return 0;
}
