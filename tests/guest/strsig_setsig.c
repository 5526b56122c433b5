// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Guest test: I_SETSIG/I_GETSIG (streamio(7I)) and the signals a stream sends: SIGPOLL (SIGIO
 * on Linux) for S_INPUT, S_RDNORM, S_RDBAND, S_HIPRI, S_OUTPUT/S_WRNORM, S_WRBAND, S_MSG,
 * S_ERROR, S_HANGUP; SIGURG for S_RDBAND|S_BANDURG; M_SIG/M_PCSIG from the driver delivered to
 * the registered processes (M_SIG when it reaches the front of the read queue); the errors.
 */
#include "kselftest_harness.h"
#include "lis_streamio.h"

LIS_TEST_MODULES("lis_echo");

#define NOSIG_MS	300	/* how long to wait to be sure a signal does not come */

static int echo_open(struct __test_metadata *_metadata)
{
	catch_signal(SIGPOLL);
	catch_signal(SIGURG);
	return OPEN_OK(ECHO_CLONE, O_RDWR);
}

static void reset_sigs(void)
{
	lis_sigs[SIGPOLL] = 0;
	lis_sigs[SIGURG] = 0;
}

#define EXPECT_SIG(sig, what) \
	EXPECT_LE(1, wait_signal((sig), 2000)) TH_LOG("%s: expected %s, none came", what, #sig)
#define EXPECT_NOSIG(sig, what) \
	EXPECT_EQ(0, wait_signal((sig), NOSIG_MS)) TH_LOG("%s: %s came, expected none", what, #sig)

TEST(getsig_unregistered_einval)
{
	int fd = echo_open(_metadata), ev = -1;

	CHECK_FAIL(EINVAL, ioctl(fd, I_GETSIG, &ev));
	CHECK_FAIL(EINVAL, ioctl(fd, I_SETSIG, 0));	/* unregistering when not registered */
	close(fd);
}

TEST(setsig_getsig_roundtrip)
{
	int fd = echo_open(_metadata), ev = -1;
	int all = S_INPUT | S_HIPRI | S_OUTPUT | S_MSG | S_ERROR | S_HANGUP | S_RDNORM | S_RDBAND |
		  S_WRNORM | S_WRBAND | S_BANDURG;

	CHECK_RC(0, ioctl(fd, I_SETSIG, S_INPUT | S_HIPRI));
	CHECK_RC(0, ioctl(fd, I_GETSIG, &ev));
	EXPECT_EQ(S_INPUT | S_HIPRI, ev);
	CHECK_RC(0, ioctl(fd, I_SETSIG, all));
	CHECK_RC(0, ioctl(fd, I_GETSIG, &ev));
	EXPECT_EQ(all, ev);
	CHECK_FAIL(EFAULT, ioctl(fd, I_GETSIG, lis_bad_ptr));
	CHECK_RC(0, ioctl(fd, I_SETSIG, 0));
	CHECK_FAIL(EINVAL, ioctl(fd, I_GETSIG, &ev));
	close(fd);
}

TEST(setsig_bad_events_einval)
{
	int fd = echo_open(_metadata), ev = -1;

	CHECK_FAIL(EINVAL, ioctl(fd, I_SETSIG, 0x8000));
	CHECK_FAIL(EINVAL, ioctl(fd, I_SETSIG, S_BANDURG));	/* without S_RDBAND */
	CHECK_FAIL(EINVAL, ioctl(fd, I_GETSIG, &ev));
	close(fd);
}

TEST(s_input_any_ordinary_message)
{
	int fd = echo_open(_metadata);

	ASSERT_OK(ioctl(fd, I_SETSIG, S_INPUT));
	ASSERT_EQ(1, write(fd, "x", 1));
	EXPECT_SIG(SIGPOLL, "S_INPUT, band 0 data arrives");
	reset_sigs();
	ASSERT_OK(put_band_data(fd, 2, "b", 1));
	EXPECT_SIG(SIGPOLL, "S_INPUT, band 2 data arrives");
	reset_sigs();
	ASSERT_OK(put_ctl_data(fd, "HI", 2, NULL, 0, RS_HIPRI));
	EXPECT_NOSIG(SIGPOLL, "S_INPUT, a high priority message arrives");
	close(fd);
}

TEST(s_input_zero_length)
{
	int fd = echo_open(_metadata);

	ASSERT_OK(ioctl(fd, I_SWROPT, SNDZERO));
	ASSERT_OK(ioctl(fd, I_SETSIG, S_INPUT));
	ASSERT_EQ(0, write(fd, "", 0));
	EXPECT_SIG(SIGPOLL, "S_INPUT, a zero-length message arrives");
	close(fd);
}

TEST(s_rdnorm_band0_only)
{
	int fd = echo_open(_metadata);

	ASSERT_OK(ioctl(fd, I_SETSIG, S_RDNORM));
	ASSERT_OK(put_band_data(fd, 1, "b", 1));
	EXPECT_NOSIG(SIGPOLL, "S_RDNORM, band 1 data arrives");
	ASSERT_OK(ioctl(fd, I_FLUSH, FLUSHR));
	ASSERT_EQ(1, write(fd, "x", 1));
	EXPECT_SIG(SIGPOLL, "S_RDNORM, band 0 data arrives");
	close(fd);
}

TEST(s_rdband_band_only)
{
	int fd = echo_open(_metadata);

	ASSERT_OK(ioctl(fd, I_SETSIG, S_RDBAND));
	ASSERT_EQ(1, write(fd, "x", 1));
	EXPECT_NOSIG(SIGPOLL, "S_RDBAND, band 0 data arrives");
	ASSERT_OK(ioctl(fd, I_FLUSH, FLUSHR));
	ASSERT_OK(put_band_data(fd, 4, "b", 1));
	EXPECT_SIG(SIGPOLL, "S_RDBAND, band 4 data arrives");
	close(fd);
}

TEST(s_hipri)
{
	int fd = echo_open(_metadata);

	ASSERT_OK(ioctl(fd, I_SETSIG, S_HIPRI));
	ASSERT_EQ(1, write(fd, "x", 1));
	EXPECT_NOSIG(SIGPOLL, "S_HIPRI, band 0 data arrives");
	ASSERT_OK(put_ctl_data(fd, "HI", 2, NULL, 0, RS_HIPRI));
	EXPECT_SIG(SIGPOLL, "S_HIPRI, a high priority message arrives");
	close(fd);
}

TEST(s_bandurg_sigurg)
{
	int fd = echo_open(_metadata);

	ASSERT_OK(ioctl(fd, I_SETSIG, S_RDBAND | S_BANDURG));
	ASSERT_OK(put_band_data(fd, 1, "u", 1));
	EXPECT_SIG(SIGURG, "S_RDBAND|S_BANDURG, band 1 data arrives");
	EXPECT_EQ(0, lis_sigs[SIGPOLL]) TH_LOG("S_BANDURG: SIGPOLL came too, expected SIGURG instead");
	close(fd);
}

TEST(s_error)
{
	int fd = echo_open(_metadata);

	ASSERT_OK(ioctl(fd, I_SETSIG, S_INPUT));
	ASSERT_OK(echo_send_error(fd, EIO, -1));
	EXPECT_NOSIG(SIGPOLL, "S_INPUT only, M_ERROR arrives");
	close(fd);
	fd = echo_open(_metadata);
	ASSERT_OK(ioctl(fd, I_SETSIG, S_ERROR));
	ASSERT_OK(echo_send_error(fd, EIO, -1));
	EXPECT_SIG(SIGPOLL, "S_ERROR, M_ERROR arrives");
	close(fd);
}

TEST(s_hangup)
{
	int fd = echo_open(_metadata);

	ASSERT_OK(ioctl(fd, I_SETSIG, S_HANGUP));
	ASSERT_OK(echo_send_msg(fd, M_HANGUP, NULL, 0));
	EXPECT_SIG(SIGPOLL, "S_HANGUP, M_HANGUP arrives");
	close(fd);
}

TEST(s_output_when_flow_control_lifts)
{
	int peer = OPEN_OK(loop_path(2), O_RDWR), fd = OPEN_OK(loop_path(1), O_RDWR);

	catch_signal(SIGPOLL);
	ASSERT_LT(0, fill_stream(fd, 0, 4096));
	ASSERT_OK(ioctl(fd, I_SETSIG, S_OUTPUT));
	EXPECT_NOSIG(SIGPOLL, "S_OUTPUT while loop.1 is flow controlled");
	drain_stream(peer);
	EXPECT_SIG(SIGPOLL, "S_OUTPUT, loop.2 drained");
	close(fd);
	close(peer);
}

TEST(s_wrnorm_is_s_output)
{
	int fd = echo_open(_metadata), ev = -1;

	EXPECT_EQ(S_OUTPUT, S_WRNORM);
	ASSERT_OK(ioctl(fd, I_SETSIG, S_WRNORM));
	CHECK_RC(0, ioctl(fd, I_GETSIG, &ev));
	EXPECT_EQ(S_WRNORM, ev);
	close(fd);
}

TEST(s_wrband_when_band_drains)
{
	int peer = OPEN_OK(loop_path(4), O_RDWR), fd = OPEN_OK(loop_path(3), O_RDWR);

	catch_signal(SIGPOLL);
	ASSERT_LT(0, fill_stream(fd, 1, 4096));
	ASSERT_OK(ioctl(fd, I_SETSIG, S_WRBAND));
	drain_stream(peer);
	EXPECT_SIG(SIGPOLL, "S_WRBAND, band 1 of loop.3 drained");
	close(fd);
	close(peer);
}

TEST(s_wrband_not_for_band0)
{
	int peer = OPEN_OK(loop_path(6), O_RDWR), fd = OPEN_OK(loop_path(5), O_RDWR);

	catch_signal(SIGPOLL);
	ASSERT_LT(0, fill_stream(fd, 0, 4096));
	ASSERT_OK(ioctl(fd, I_SETSIG, S_WRBAND));
	drain_stream(peer);
	EXPECT_NOSIG(SIGPOLL, "S_WRBAND only, band 0 of loop.5 drained (no band written)");
	close(fd);
	close(peer);
}

TEST(s_msg_m_sig_and_m_pcsig)
{
	int fd = echo_open(_metadata);
	unsigned char sig = SIGPOLL;

	ASSERT_OK(ioctl(fd, I_SETSIG, S_MSG));
	ASSERT_OK(echo_send_msg(fd, M_SIG, &sig, 1));
	EXPECT_SIG(SIGPOLL, "S_MSG, M_SIG(SIGPOLL) arrives");
	reset_sigs();
	ASSERT_OK(echo_send_msg(fd, M_PCSIG, &sig, 1));
	EXPECT_SIG(SIGPOLL, "S_MSG, M_PCSIG(SIGPOLL) arrives");
	close(fd);
}

TEST(m_sig_sigpoll_not_without_s_msg)
{
	int fd = echo_open(_metadata);
	unsigned char sig = SIGPOLL;

	ASSERT_OK(ioctl(fd, I_SETSIG, S_HIPRI));
	ASSERT_OK(echo_send_msg(fd, M_PCSIG, &sig, 1));
	EXPECT_NOSIG(SIGPOLL, "registered for S_HIPRI only, M_PCSIG(SIGPOLL) arrives");
	close(fd);
}

TEST(m_sig_waits_for_front_of_queue)
{
	int fd = echo_open(_metadata);
	unsigned char sig = SIGPOLL;
	char buf[8];

	ASSERT_OK(ioctl(fd, I_SETSIG, S_MSG));
	ASSERT_EQ(3, write_str(fd, "abc"));
	ASSERT_EQ(1, wait_nread(fd, 1, 2000));
	ASSERT_OK(echo_send_msg(fd, M_SIG, &sig, 1));
	EXPECT_NOSIG(SIGPOLL, "M_SIG(SIGPOLL) behind unread data");
	ASSERT_EQ(3, read(fd, buf, sizeof(buf)));
	EXPECT_SIG(SIGPOLL, "M_SIG(SIGPOLL) reaches the front once the data before it was read");
	close(fd);
}

TEST(m_pcsig_immediate_even_behind_data)
{
	int fd = echo_open(_metadata);
	unsigned char sig = SIGPOLL;

	ASSERT_OK(ioctl(fd, I_SETSIG, S_MSG));
	ASSERT_EQ(3, write_str(fd, "abc"));
	ASSERT_EQ(1, wait_nread(fd, 1, 2000));
	ASSERT_OK(echo_send_msg(fd, M_PCSIG, &sig, 1));
	EXPECT_SIG(SIGPOLL, "M_PCSIG(SIGPOLL) with data queued");
	close(fd);
}

TEST(every_registered_process_signalled)
{
	int fd = echo_open(_metadata), status = -1;
	unsigned char sig = SIGPOLL;
	int ready[2];
	pid_t child;
	char c;

	ASSERT_EQ(0, pipe(ready));
	child = fork();
	ASSERT_LE(0, child);
	if (child == 0) {
		catch_signal(SIGPOLL);
		if (ioctl(fd, I_SETSIG, S_MSG))
			_exit(2);
		if (write(ready[1], "r", 1) != 1)
			_exit(3);
		_exit(wait_signal(SIGPOLL, 3000) ? 0 : 1);
	}
	ASSERT_OK(ioctl(fd, I_SETSIG, S_MSG));
	ASSERT_EQ(1, read(ready[0], &c, 1));
	ASSERT_OK(echo_send_msg(fd, M_PCSIG, &sig, 1));
	EXPECT_SIG(SIGPOLL, "M_PCSIG(SIGPOLL): the parent, registered for S_MSG");
	ASSERT_EQ(child, waitpid(child, &status, 0));
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
		TH_LOG("M_PCSIG(SIGPOLL): the child, also registered for S_MSG on the same stream, was not signalled (status %#x)",
		       status);
	close(fd);
}

TEST(registration_dropped_when_process_closes)
{
	int a = OPEN_OK(echo_path(1), O_RDWR), b = OPEN_OK(echo_path(1), O_RDWR), ev = -1;

	ASSERT_OK(ioctl(b, I_SETSIG, S_INPUT));
	close(b);
	CHECK_FAIL_LOG(EINVAL, ioctl(a, I_GETSIG, &ev),
		       "the process closed the stream it registered on (another fd keeps it open)");
	close(a);
}

TEST_HARNESS_MAIN
