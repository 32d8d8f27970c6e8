/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sw_x86.h - the x86-64 software engine: 16-lane AVX-512 HMAC-SHA1 and VAES counter mode,
 * with SHA-NI for the last few messages of a burst when the CPU has it.
 *
 * It runs struct srtpo_op exactly as engine.h describes and reads these key slot fields:
 *   aes_enc_rk       FIPS-197 key expansion w[0..4(Nr+1)), each word as its 4 bytes in order,
 *                    i.e. round key r is bytes 16r..16r+15 in the order AESENC takes them (what
 *                    srtpo_aes_expand_key writes). Note: OpenSSL's AES_set_encrypt_key stores each
 *                    word as a host-order uint32, so on x86 its bytes are swapped within each word.
 *   hmac_ipad_state  SHA-1 H0..H4 (host-order uint32) after one block of auth_key ^ 0x36..,
 *   hmac_opad_state  the same for auth_key ^ 0x5c.. (both unused for null auth),
 *   salt             14 bytes (bytes 14 and 15 are ignored),
 *   cipher, key_len (16/32), auth, tag_len.
 * aes_key is not used.
 */
#ifndef SRTPO_SW_X86_H
#define SRTPO_SW_X86_H

#include <stddef.h>

#include "engine.h"

/*
 * 1 when this CPU and OS can run srtpo_x86_run (AVX-512 F/BW/VL with the OS saving ZMM state,
 * and VAES), else 0. Returns 0 when the environment sets SRTPO_NO_X86 to anything but "0"
 * (valgrind emulates no AVX-512, and tests use it to compare paths). Thread-safe.
 */
int srtpo_x86_available(void);

/*
 * Runs ops[0..n) and sets each op's status: SRTPO_OK, SRTPO_ERR_AUTH (unprotect tag mismatch;
 * the buffer is left untouched), or SRTPO_ERR_BAD_PARAM (unknown opcode, cipher or auth, or a
 * tag_len above 20; the buffer is left untouched). A key slot with HMAC-SHA1 and tag_len 0 is
 * treated as null auth. Ops are independent and must not share buffers. Call it only when
 * srtpo_x86_available() returned 1 (otherwise it faults with an illegal instruction).
 * Thread-safe: it keeps no state between calls.
 */
void srtpo_x86_run(struct srtpo_op *ops, size_t n);

#endif /* SRTPO_SW_X86_H */
