import base64
import contextlib
import os
import pickle
import pwd
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import types

import pytest

from pydeep.misc import sshthreadpool
from pydeep.misc.sshthreadpool import SSHConnection, SSHJob, SSHPool

GiB = 2 ** 30
FREE_MODERN = """              total        used        free      shared  buff/cache   available
Mem:     {total}  1000  2000  0  3000  {available}
Swap:     2147479552           0  2147479552
"""
FREE_OLD = """             total       used       free     shared    buffers     cached
Mem:      {total}   {used}   100   0    200   300
-/+ buffers/cache:   {used_no_cache}   900
Swap:            0          0          0
"""
PS = """  101 sshd
  102 bash
  103 python
  104 ps
"""
SCREENS = """There are screens on:
\t4242.pts-0.node1\t(03/19/2017 10:00:00 AM)\t(Detached)
\t4243.job\t(Attached)
2 Sockets in /run/screen/S-me.
"""
NO_SCREENS = "No Sockets found in /run/screen/S-me.\n\n"


class FakeSSHException(Exception):
    pass


class FakeStream:
    def __init__(self, text):
        self.data = text.encode()

    def read(self):
        return self.data


class FakeClient:
    """Stands in for paramiko.SSHClient; answers from the canned outputs of its host."""

    hosts = {}           # hostname -> {command prefix: output}
    commands = []        # (hostname, command) of every exec_command

    def __init__(self):
        self.policy = None
        self.hostname = None
        self.connect_kwargs = None
        self.closed = False

    def load_system_host_keys(self):
        pass

    def set_missing_host_key_policy(self, policy):
        self.policy = policy

    def connect(self, hostname, **kwargs):
        if hostname not in self.hosts:
            raise OSError(f"no route to {hostname}")
        if kwargs["password"] == "wrong":
            raise FakeSSHException("Authentication failed")
        self.hostname, self.connect_kwargs = hostname, kwargs

    def exec_command(self, command):
        FakeClient.commands.append((self.hostname, command))
        outputs = self.hosts[self.hostname]
        text = next((out for prefix, out in outputs.items() if command.startswith(prefix)), "")
        return FakeStream(""), FakeStream(text), FakeStream("")

    def close(self):
        self.closed = True

    def get_transport(self):
        if self.hostname is None:
            return None
        return types.SimpleNamespace(is_active=lambda: not self.closed and not self.dropped)

    dropped = False      # set on an instance: the server ended the session


def make_host(cpus=8, load=(0.0, 0.0, 0.0), total=16 * GiB, used=2 * GiB, ps=PS, screens=NO_SCREENS):
    return {"nproc": f"{cpus}\n",
            "free -b": FREE_MODERN.format(total=total, available=total - used),
            "cat /proc/loadavg": "{} {} {} 2/345 6789\n".format(*load),
            "ps -u": ps,
            "screen -ls": screens}


@pytest.fixture
def fake(monkeypatch):
    module = types.ModuleType("paramiko")
    module.SSHClient = FakeClient
    module.SSHException = FakeSSHException
    for name in ("RejectPolicy", "WarningPolicy", "AutoAddPolicy"):
        setattr(module, name, type(name, (), {}))
    monkeypatch.setitem(sys.modules, "paramiko", module)
    monkeypatch.setattr(FakeClient, "hosts", {})
    monkeypatch.setattr(FakeClient, "commands", [])
    monkeypatch.setattr(sshthreadpool, "_KDF_ITERATIONS", 1000)   # fast key derivation in tests
    return FakeClient


def started_on(fake, hostname):
    return [cmd for host, cmd in fake.commands if host == hostname and cmd.startswith("screen -d -m")]


# ---------------------------------------------------------------- paramiko

def test_module_imports_without_paramiko_and_use_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "paramiko", None)      # import paramiko -> ImportError
    assert "paramiko" not in vars(sshthreadpool)
    conn = SSHConnection("node1", "me", "pw")
    with pytest.raises(ImportError, match=r"pip install pydeep-energy\[ssh\]"):
        conn.connect()
    with pytest.raises(ImportError, match=r"pydeep-energy\[ssh\]"):
        conn.get_server_info()
    assert not conn.is_connected


# ---------------------------------------------------------------- connection

def test_connect_passes_settings_and_host_key_policy(fake):
    fake.hosts["node1"] = make_host()
    conn = SSHConnection("node1", "me", "pw", port=2222, unknown_host="add", timeout=3)
    assert conn.connect() is True and conn.is_connected
    client = conn.client
    assert type(client.policy).__name__ == "AutoAddPolicy"
    assert client.connect_kwargs == {"port": 2222, "username": "me", "password": "pw", "timeout": 3.0}
    assert conn.connect() is True and conn.client is client        # reuses the live connection
    conn.disconnect()
    assert client.closed and not conn.is_connected and conn.client is None
    default = SSHConnection("node1", "me", "pw")
    default.connect()
    assert type(default.client.policy).__name__ == "RejectPolicy"


def test_a_lost_session_is_opened_anew(fake):
    fake.hosts["node1"] = make_host()
    conn = SSHConnection("node1", "me", "pw")
    assert conn.connect()
    lost = conn.client
    lost.dropped = True
    assert conn.connect() is True and conn.client is not lost and lost.closed
    assert conn.get_server_info() == "online"


@pytest.mark.parametrize("host, password, reason", [("down", "pw", "OSError"),
                                                    ("node1", "wrong", "Authentication failed")])
def test_failed_connect_returns_false_and_keeps_reason(fake, host, password, reason):
    fake.hosts["node1"] = make_host()
    conn = SSHConnection(host, "me", password)
    assert conn.connect() is False and not conn.is_connected
    assert reason in conn.last_error
    with pytest.raises(ConnectionError, match=host):
        conn.execute_command("ls")
    assert conn.get_server_info() == "offline"
    assert conn.get_server_load() is None
    assert conn.get_number_users_processes() is None
    assert conn.get_number_users_screens() is None


def test_server_info_and_load_parse_nproc_free_and_loadavg(fake):
    fake.hosts["node1"] = make_host(cpus=16, load=(4.0, 2.0, 8.0), total=32 * GiB, used=8 * GiB)
    conn = SSHConnection("node1", "me", "pw")
    assert conn.get_server_info() == "online"
    assert conn.number_cpus == 16 and conn.memory_size == 32 * GiB
    assert conn.get_server_load() == pytest.approx([0.25, 0.125, 0.5, 0.25])
    assert conn.cpu_load == (4.0, 2.0, 8.0)


def test_load_without_available_column_subtracts_buffers_and_cache(fake):
    host = make_host(cpus=4, load=(1.0, 1.0, 1.0))
    host["free -b"] = FREE_OLD.format(total=1000, used=900, used_no_cache=400)
    fake.hosts["node1"] = host
    conn = SSHConnection("node1", "me", "pw")
    assert conn.get_server_load() == pytest.approx([0.25, 0.25, 0.25, 0.4])


def test_unparseable_output_gives_none(fake):
    host = make_host()
    host["cat /proc/loadavg"] = "garbage\n"
    fake.hosts["node1"] = host
    conn = SSHConnection("node1", "me", "pw")
    assert conn.get_server_load() is None


def test_process_and_screen_counts(fake):
    fake.hosts["node1"] = make_host(screens=SCREENS)
    fake.hosts["node2"] = make_host(ps="", screens=NO_SCREENS)
    one, two = SSHConnection("node1", "me", "pw"), SSHConnection("node2", "o'neil", "pw")
    assert one.get_number_users_processes() == 3          # ps itself is not counted
    assert one.get_number_users_screens() == 2
    assert two.get_number_users_processes() == 0
    assert two.get_number_users_screens() == 0
    assert ("node2", "ps -u 'o'\"'\"'neil' -o pid=,comm=") in fake.commands


def test_commands_quote_the_username_and_the_screen_command(fake):
    fake.hosts["node1"] = make_host()
    conn = SSHConnection("node1", "a b", "pw")
    conn.kill_all_processes()
    conn.kill_all_screen_processes()
    conn.renice_processes(10)
    conn.renice_processes("-5")
    conn.execute_command_in_screen("echo 'hi' && sleep 1")
    sent = [cmd for _, cmd in fake.commands]
    assert shlex.split(sent[0]) == ["pkill", "-KILL", "-u", "a b"]
    assert shlex.split(sent[1]) == ["pkill", "-TERM", "-x", "-u", "a b", "screen"]
    assert shlex.split(sent[2]) == ["renice", "-n", "10", "-u", "a b"]
    assert shlex.split(sent[3]) == ["renice", "-n", "-5", "-u", "a b"]
    assert shlex.split(sent[4]) == ["screen", "-d", "-m", "bash", "-c", "echo 'hi' && sleep 1"]


# ---------------------------------------------------------------- jobs

def test_job_command_line_sets_threads_and_nice_when_run_by_bash():
    job = SSHJob("echo \"$OMP_NUM_THREADS $MKL_NUM_THREADS $OPENBLAS_NUM_THREADS $(nice)\" 'quoted'",
                 num_threads=3, nice=7)
    out = subprocess.run(["bash", "-c", job.command_line()], capture_output=True, text=True, check=True)
    expected_nice = min(os.nice(0) + 7, 19)
    assert out.stdout.split() == ["3", "3", "3", str(expected_nice), "quoted"]


def test_job_defaults():
    job = SSHJob("python run.py")
    assert (job.num_threads, job.nice, job.server) == (1, 19, None)
    assert "nice -n 19" in job.command_line() and "OMP_NUM_THREADS=1" in job.command_line()


# ---------------------------------------------------------------- pool

def make_pool(fake, specs):
    """specs: hostname -> (cpus, load1, mem fraction used, max_cpus_usage, max_mem_usage)."""
    servers = []
    for name, (cpus, load, mem, max_cpus, max_mem) in specs.items():
        if cpus is not None:
            fake.hosts[name] = make_host(cpus=cpus, load=(load, load, load), total=100 * GiB,
                                         used=int(mem * 100 * GiB))
        servers.append(SSHConnection(name, "me", "pw", max_cpus_usage=max_cpus, max_mem_usage=max_mem))
    return SSHPool(servers)


def test_distribution_respects_free_cores_load_and_memory(fake):
    pool = make_pool(fake, {"busy": (8, 5.0, 0.1, 8, 1.0),      # 8 - 5 = 3 free cores
                            "idle": (8, 0.4, 0.1, 4, 1.0),      # load rounds to 0: 4 free
                            "full": (8, 0.0, 0.95, 8, 0.9),     # memory above limit: none
                            "down": (None, 0, 0, 2, 1.0)})      # offline: none
    jobs = [SSHJob(f"job {i}", num_threads=n) for i, n in enumerate([2, 2, 2, 5, 1, 1])]
    started, remaining = pool.distribute_jobs(jobs)
    # sorted by load per core: idle first, then busy; job 3 (5 threads) fits nowhere
    assert [job.server for job in started] == ["idle", "idle", "busy", "busy"]
    assert [job.command for job in started] == ["job 0", "job 1", "job 2", "job 4"]
    assert [job.command for job in remaining] == ["job 3", "job 5"]
    assert len(started_on(fake, "idle")) == 2 and len(started_on(fake, "busy")) == 2
    assert started_on(fake, "full") == []
    sent = started_on(fake, "idle")[0]
    assert shlex.split(sent)[:5] == ["screen", "-d", "-m", "bash", "-c"]
    assert shlex.split(sent)[5] == jobs[0].command_line()


def test_distribution_without_sorting_keeps_server_order(fake):
    pool = make_pool(fake, {"busy": (8, 5.0, 0.1, 8, 1.0), "idle": (8, 0.0, 0.1, 4, 1.0)})
    started, remaining = pool.distribute_jobs([SSHJob("a", 3), SSHJob("b", 3)], sort_server=False)
    assert [job.server for job in started] == ["busy", "idle"] and remaining == []


def test_fractional_cpu_limit_uses_share_of_server(fake):
    pool = make_pool(fake, {"node": (10, 0.0, 0.0, 0.5, 1.0)})       # 5 of 10 cores
    started, remaining = pool.distribute_jobs([SSHJob("x", 1) for _ in range(7)])
    assert len(started) == 5 and len(remaining) == 2


def test_ignore_load_uses_the_cpu_limit_only(fake, capsys):
    pool = make_pool(fake, {"node": (8, 8.0, 0.99, 3, 0.5), "down": (None, 0, 0, 2, 1.0)})
    assert pool.distribute_jobs([SSHJob("x", 1)])[0] == []          # loaded and memory full
    started, remaining = pool.distribute_jobs([SSHJob("x", 2), SSHJob("y", 2), SSHJob("z", 1)],
                                              status=True, ignore_load=True)
    assert [job.command for job in started] == ["x", "z"] and [job.command for job in remaining] == ["y"]
    out = capsys.readouterr().out
    assert "on node" in out and "2 jobs started, 1 remaining" in out


def test_int_cpu_limit_is_capped_by_server_cores(fake):
    pool = make_pool(fake, {"small": (2, 0.0, 0.0, 16, 1.0)})
    started, remaining = pool.distribute_jobs([SSHJob("x", 1) for _ in range(3)], ignore_load=True)
    assert len(started) == 2 and len(remaining) == 1


def test_pool_commands_and_broadcasts(fake):
    pool = make_pool(fake, {"n1": (4, 0.0, 0.0, 2, 1.0), "n2": (4, 0.0, 0.0, 2, 1.0),
                            "down": (None, 0, 0, 2, 1.0)})
    pool.execute_command("n2", "uptime")
    pool.execute_command(pool.servers[0], "hostname")
    pool.execute_command_in_screen("n1", "sleep 5")
    assert fake.commands[:3] == [("n2", "uptime"), ("n1", "hostname"), ("n1", "screen -d -m bash -c 'sleep 5'")]
    results = pool.broadcast_command("date")
    assert [r is None for r in results] == [False, False, True]
    assert pool.broadcast_kill_all()[2] is None and pool.broadcast_kill_all_screens()[2] is None
    assert ("n2", "pkill -KILL -u me") in fake.commands and ("n1", "pkill -TERM -x -u me screen") in fake.commands


def test_servers_info_and_status_table(fake, capsys):
    pool = make_pool(fake, {"n1": (4, 2.0, 0.5, 2, 1.0), "down": (None, 0, 0, 2, 1.0)})
    assert pool.get_servers_info(status=True) == ["online", "offline"]
    assert "n1" in capsys.readouterr().out
    header, rows = pool.get_servers_status(status=True)
    assert len(header) == len(rows[0]) == len(rows[1])
    assert rows[0] == ["n1", "online", 4, 2, 0.5, 0.5, 0.5, pytest.approx(0.5), 3, 0]
    assert rows[1] == ["down", "offline"] + [None] * 8
    assert "load 1min" in capsys.readouterr().out


# ---------------------------------------------------------------- encryption

def test_encrypt_decrypt_round_trip_hides_the_password(fake):
    conn = SSHConnection("node1", "me", "s3cret-pw", max_cpus_usage=0.5, max_mem_usage=0.8, port=2200)
    token = conn.encrypt("master")
    assert isinstance(token, bytes) and b"s3cret-pw" not in token and b"node1" not in token
    assert conn.encrypt("master") != token                        # fresh salt and nonce
    copy = SSHConnection.decrypt(token, "master")
    assert copy._settings() == conn._settings()
    with pytest.raises(ValueError, match="password"):
        SSHConnection.decrypt(token, "other")
    tampered = bytearray(token)
    tampered[-40] ^= 1
    with pytest.raises(ValueError, match="altered"):
        SSHConnection.decrypt(bytes(tampered), "master")
    with pytest.raises(ValueError, match="connection"):
        SSHConnection.decrypt(b"not a token" * 10, "master")


def test_pickle_drops_password_and_client(fake):
    fake.hosts["node1"] = make_host()
    conn = SSHConnection("node1", "me", "s3cret-pw")
    conn.connect()
    data = pickle.dumps(conn)
    assert b"s3cret-pw" not in data
    copy = pickle.loads(data)
    assert copy.password is None and copy.client is None and not copy.is_connected
    assert conn.password == "s3cret-pw" and conn.is_connected


def test_save_and_load_server_list(fake, tmp_path):
    path = tmp_path / "servers.enc"
    pool = SSHPool([SSHConnection("n1", "me", "pw1"), SSHConnection("n2", "you", None, max_cpus_usage=3)])
    pool.save_server(path, "master")
    assert os.stat(path).st_mode & 0o777 == 0o600
    assert b"pw1" not in path.read_bytes()
    other = SSHPool([SSHConnection("n0", "me", "pw0")])
    other.load_server(path, "master")
    assert [s.hostname for s in other.servers] == ["n0", "n1", "n2"]
    assert [s._settings() for s in other.servers[1:]] == [s._settings() for s in pool.servers]
    other.load_server(path, "master", append=False)
    assert [s.hostname for s in other.servers] == ["n1", "n2"]
    with pytest.raises(ValueError, match="password"):
        other.load_server(path, "wrong")
    assert [s.hostname for s in other.servers] == ["n1", "n2"]
    path.write_bytes(b"%%% not base64 %%%")
    with pytest.raises(ValueError, match="path"):
        other.load_server(path, "master")


# ---------------------------------------------------------------- bad input

@pytest.mark.parametrize("kwargs, error, name", [
    ({"hostname": ""}, ValueError, "hostname"),
    ({"hostname": "   "}, ValueError, "hostname"),
    ({"hostname": None}, TypeError, "hostname"),
    ({"username": ""}, ValueError, "username"),
    ({"password": 123}, TypeError, "password"),
    ({"max_cpus_usage": 0}, ValueError, "max_cpus_usage"),
    ({"max_cpus_usage": -2}, ValueError, "max_cpus_usage"),
    ({"max_cpus_usage": 0.0}, ValueError, "max_cpus_usage"),
    ({"max_cpus_usage": 1.5}, ValueError, "max_cpus_usage"),
    ({"max_cpus_usage": True}, TypeError, "max_cpus_usage"),
    ({"max_mem_usage": 0.0}, ValueError, "max_mem_usage"),
    ({"max_mem_usage": 1.01}, ValueError, "max_mem_usage"),
    ({"max_mem_usage": float("nan")}, ValueError, "max_mem_usage"),
    ({"port": 0}, ValueError, "port"),
    ({"port": 70000}, ValueError, "port"),
    ({"unknown_host": "trust"}, ValueError, "unknown_host"),
    ({"timeout": 0}, ValueError, "timeout"),
])
def test_connection_bad_input(kwargs, error, name):
    args = dict(hostname="node1", username="me", password="pw")
    args.update(kwargs)
    with pytest.raises(error, match=name):
        SSHConnection(**args)


@pytest.mark.parametrize("kwargs, error, name", [
    ({"command": ""}, ValueError, "command"),
    ({"command": 5}, TypeError, "command"),
    ({"num_threads": 0}, ValueError, "num_threads"),
    ({"num_threads": -1}, ValueError, "num_threads"),
    ({"num_threads": 1.5}, TypeError, "num_threads"),
    ({"nice": 20}, ValueError, "nice"),
    ({"nice": -21}, ValueError, "nice"),
    ({"nice": 1.0}, TypeError, "nice"),
])
def test_job_bad_input(kwargs, error, name):
    args = dict(command="python run.py")
    args.update(kwargs)
    with pytest.raises(error, match=name):
        SSHJob(**args)


def test_method_bad_input_runs_nothing_and_changes_nothing(fake, tmp_path):
    fake.hosts["node1"] = make_host()
    conn = SSHConnection("node1", "me", "pw")
    pool = SSHPool([conn])
    for value in (20, -21, "x", 1.5):
        with pytest.raises((ValueError, TypeError), match="value"):
            conn.renice_processes(value)
    with pytest.raises(ValueError, match="command"):
        conn.execute_command("")
    with pytest.raises(ValueError, match="command"):
        pool.broadcast_command(" ")
    with pytest.raises(ValueError, match="host"):
        pool.execute_command("elsewhere", "ls")
    with pytest.raises(TypeError, match="jobs"):
        pool.distribute_jobs([SSHJob("a"), "python b.py"])
    with pytest.raises(ValueError, match="password"):
        conn.encrypt("")
    with pytest.raises(TypeError, match="connection"):
        SSHConnection.decrypt("text", "master")
    with pytest.raises(ValueError, match="password"):
        pool.save_server(tmp_path / "s.enc", "")
    assert not (tmp_path / "s.enc").exists()
    assert fake.commands == [] and pool.servers == [conn] and not conn.is_connected


@pytest.mark.parametrize("servers", [None, "node1", SSHConnection("n", "u", "p"), [SSHConnection("n", "u", "p"), "n2"]])
def test_pool_bad_input(servers):
    with pytest.raises(TypeError, match="servers"):
        SSHPool(servers)


# ---------------------------------------------------------------- a real OpenSSH server

def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until(condition, timeout=15.0, what="condition"):
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.1)


def _ed25519_key():
    """(OpenSSH private key bytes, 'ssh-ed25519 AAAA...' public key text) of a new throwaway key."""
    from cryptography.hazmat.primitives import serialization as ser
    from cryptography.hazmat.primitives.asymmetric import ed25519
    key = ed25519.Ed25519PrivateKey.generate()
    private = key.private_bytes(ser.Encoding.PEM, ser.PrivateFormat.OpenSSH, ser.NoEncryption())
    public = key.public_key().public_bytes(ser.Encoding.OpenSSH, ser.PublicFormat.OpenSSH).decode()
    return private, public


def _write(path, data, mode):
    with open(path, "wb" if isinstance(data, bytes) else "w") as fh:
        fh.write(data)
    os.chmod(path, mode)


class RealSSHD:
    """An OpenSSH server on 127.0.0.1 at a free port, with a throwaway host key, stopped by :meth:`stop`.

    As root it logs in a throwaway user created for the test (password authentication; kill and renice act
    on that user's processes only). Otherwise it logs in the current user with a throwaway key, and the
    tests that would kill or renice all of that user's processes are skipped.
    """

    def __init__(self):
        self.sshd = shutil.which("sshd") or ("/usr/sbin/sshd" if os.path.isfile("/usr/sbin/sshd") else None)
        if self.sshd is None:
            pytest.skip("the OpenSSH server is not installed (Debian: apt-get install openssh-server; "
                        ".ci/run installs it)")
        self.process, self.created_user = None, None
        self.base = tempfile.mkdtemp(prefix="pydeep-sshd-")
        os.chmod(self.base, 0o755)                       # the throwaway user reaches its home below it
        self.client_home = os.path.join(self.base, "client")       # HOME of the test's SSH client
        os.makedirs(os.path.join(self.client_home, ".ssh"), mode=0o700)
        self.port = _free_port()
        try:
            self._start()
        except BaseException:
            self.stop()
            raise

    def _run(self, *args, stdin=None):
        done = subprocess.run(args, input=stdin, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(args)}: {done.stderr.strip()}")

    def _start(self):
        host_private, host_public = _ed25519_key()
        _write(os.path.join(self.base, "host_key"), host_private, 0o600)
        _write(os.path.join(self.client_home, ".ssh", "known_hosts"), f"[127.0.0.1]:{self.port} {host_public}\n",
               0o600)
        self.dedicated_user = os.geteuid() == 0
        if self.dedicated_user:
            self._create_user()
            auth = "PasswordAuthentication yes\nPubkeyAuthentication no\nPermitRootLogin no\n"
        else:
            self._use_current_user()
            auth = (f"PasswordAuthentication no\nPubkeyAuthentication yes\n"
                    f"AuthorizedKeysFile {self.base}/authorized_keys\n")
        self.workdir = os.path.join(self.home, "work")
        self.screendir = os.path.join(self.home, "screens")
        for folder in (self.workdir, self.screendir):
            os.makedirs(folder, mode=0o700)
            if self.dedicated_user:
                shutil.chown(folder, self.user, self.user)
        config = (f"Port {self.port}\nListenAddress 127.0.0.1\nHostKey {self.base}/host_key\n"
                  f"PidFile {self.base}/sshd.pid\nUsePAM no\nStrictModes no\nKbdInteractiveAuthentication no\n"
                  f"AllowUsers {self.user}\nSetEnv SCREENDIR={self.screendir}\n{auth}")
        _write(os.path.join(self.base, "sshd_config"), config, 0o600)
        if self.dedicated_user and not os.path.isdir("/run/sshd"):
            os.makedirs("/run/sshd", mode=0o755)       # sshd's privilege separation folder (made by its service)
        self.log = open(os.path.join(self.base, "sshd.log"), "w+")
        self.process = subprocess.Popen([self.sshd, "-D", "-e", "-f", os.path.join(self.base, "sshd_config")],
                                        stdout=self.log, stderr=subprocess.STDOUT)

        def listening():
            if self.process.poll() is not None:
                self.log.seek(0)
                pytest.skip(f"sshd could not be started: {self.log.read().strip()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                    return sock.recv(4).startswith(b"SSH-")
            except OSError:
                return False

        _wait_until(listening, timeout=10, what="sshd to listen")

    def _create_user(self):
        self.user = "pydeep-" + secrets.token_hex(4)
        self.home = os.path.join(self.base, "home")
        self.password = secrets.token_urlsafe(12)
        try:
            self._run("useradd", "--no-create-home", "--home-dir", self.home, "--shell", "/bin/bash",
                      "--password", "*", self.user)
        except (RuntimeError, OSError) as err:
            pytest.skip(f"cannot create a throwaway user for the SSH test: {err}")
        self.created_user = self.user
        os.makedirs(self.home, mode=0o700)
        shutil.chown(self.home, self.user, self.user)
        self._run("chpasswd", stdin=f"{self.user}:{self.password}\n")

    def _use_current_user(self):
        entry = pwd.getpwuid(os.geteuid())
        if not entry.pw_shell or os.path.basename(entry.pw_shell) in ("nologin", "false"):
            pytest.skip(f"user {entry.pw_name} has no login shell ({entry.pw_shell})")
        self.user, self.password = entry.pw_name, None
        self.home = os.path.join(self.base, "home")
        os.makedirs(self.home, mode=0o700)
        private, public = _ed25519_key()
        _write(os.path.join(self.client_home, ".ssh", "id_ed25519"), private, 0o600)
        _write(os.path.join(self.base, "authorized_keys"), public + "\n", 0o600)

    def connection(self, **kwargs):
        settings = dict(max_cpus_usage=2, port=self.port, unknown_host="reject", timeout=10.0)
        settings.update(kwargs)
        return SSHConnection("127.0.0.1", self.user, self.password, **settings)

    def user_processes(self):
        """(pid, nice, command) of the test user's processes, read locally with ps."""
        out = subprocess.run(["ps", "-u", self.user, "-o", "pid=,ni=,args="], capture_output=True, text=True).stdout
        return [(int(pid), int(ni), args) for pid, ni, args in (line.split(None, 2) for line in out.splitlines())]

    def stop(self):
        """Stop sshd, end what the test user started (only a throwaway user's, or the test's screens) and
        remove the throwaway user and files."""
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.log.close()
        if self.created_user:
            subprocess.run(["pkill", "-KILL", "-u", self.created_user], capture_output=True)
            _wait_until(lambda: not self.user_processes(), what="the throwaway user's processes to end")
            subprocess.run(["userdel", self.created_user], capture_output=True)
        elif getattr(self, "screendir", None) and os.path.isdir(self.screendir):
            for name in os.listdir(self.screendir):           # the test's screens: '<pid>.<name>' sockets
                with contextlib.suppress(ValueError, ProcessLookupError):
                    os.kill(int(name.split(".")[0]), signal.SIGTERM)
        shutil.rmtree(self.base, ignore_errors=True)


@pytest.fixture(scope="module")
def _real_sshd():
    pytest.importorskip("paramiko")
    server = RealSSHD()
    yield server
    server.stop()


@pytest.fixture
def real_sshd(_real_sshd, monkeypatch):
    """The server, with HOME -> the client folder (known_hosts, the user key) and no SSH agent."""
    monkeypatch.setenv("HOME", _real_sshd.client_home)
    monkeypatch.delenv("SSH_AUTH_SOCK", raising=False)
    return _real_sshd


def requires_screen():
    if shutil.which("screen") is None:
        pytest.skip("GNU screen is not installed (Debian: apt-get install screen; .ci/run installs it)")


def test_real_sshd_commands_and_server_status(real_sshd):
    conn = real_sshd.connection()
    assert conn.connect(), conn.last_error
    _, stdout, _ = conn.execute_command("echo hello; id -un")
    assert stdout.read().decode().split() == ["hello", real_sshd.user]
    assert conn.get_server_info() == "online"
    assert conn.number_cpus == len(os.sched_getaffinity(0))        # sshd's session inherits this affinity
    with open("/proc/meminfo") as fh:
        assert conn.memory_size == 1024 * int(fh.readline().split()[1])            # MemTotal in kB
    load = conn.get_server_load()
    assert len(load) == 4 and all(value >= 0 for value in load) and 0 < load[3] < 1
    assert conn.cpu_load[2] == pytest.approx(os.getloadavg()[2], abs=1.0)          # the 15-minute average
    assert conn.get_number_users_processes() >= 1                                  # its own SSH session
    conn.disconnect()
    assert not conn.is_connected


def test_real_sshd_refuses_unknown_host_keys_and_wrong_passwords(real_sshd, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))                                       # an empty known_hosts
    conn = real_sshd.connection()
    assert conn.connect() is False and "known_hosts" in conn.last_error
    monkeypatch.setenv("HOME", real_sshd.client_home)
    if real_sshd.password is not None:
        wrong = real_sshd.connection()
        wrong.password = real_sshd.password + "x"
        assert wrong.connect() is False and "Authentication failed" in wrong.last_error


def test_real_sshd_screen_jobs_and_distribution(real_sshd):
    requires_screen()
    conn = real_sshd.connection()
    assert conn.get_number_users_screens() == 0
    marker = os.path.join(real_sshd.workdir, "marker")
    conn.execute_command_in_screen(f"echo started > {shlex.quote(marker)}; sleep 120")
    _wait_until(lambda: conn.get_number_users_screens() == 1, what="the screen")
    _wait_until(lambda: os.path.isfile(marker), what="the command in the screen")
    jobs = [SSHJob(f'echo "$OMP_NUM_THREADS $MKL_NUM_THREADS $(nice)" > {real_sshd.workdir}/job{i}; sleep 120',
                   num_threads=1, nice=7) for i in range(3)]
    pool = SSHPool([conn])
    assert pool.get_servers_info(status=False) == ["online"]
    started, remaining = pool.distribute_jobs(jobs, ignore_load=True)
    assert started == jobs[:2] and remaining == jobs[2:]                            # 2 cores allowed
    assert all(job.server == "127.0.0.1" for job in started)
    for i in range(2):
        path = os.path.join(real_sshd.workdir, f"job{i}")
        _wait_until(lambda: os.path.isfile(path) and os.path.getsize(path) > 0, what=f"job {i}")
        with open(path) as fh:
            assert fh.read().split() == ["1", "1", "7"]
    _wait_until(lambda: conn.get_number_users_screens() == 3, what="three screens")
    header, rows = pool.get_servers_status()
    assert rows[0][:4] == ["127.0.0.1", "online", conn.number_cpus, 2] and rows[0][-1] == 3


def test_real_sshd_renice_and_kill(real_sshd):
    requires_screen()
    if not real_sshd.dedicated_user:
        pytest.skip("renice and kill act on all processes of the login user: tested only with a throwaway "
                    "user, which needs root")
    conn = real_sshd.connection()
    for _ in range(2):
        conn.execute_command_in_screen("sleep 120")
    _wait_until(lambda: sum("sleep 120" == p[2] for p in real_sshd.user_processes()) >= 2, what="the sleeps")
    _, stdout, _ = conn.renice_processes(12)
    stdout.read()
    sleeps = [p for p in real_sshd.user_processes() if p[2] == "sleep 120"]
    assert len(sleeps) >= 2 and {nice for _, nice, _ in sleeps} == {12}
    _, stdout, _ = conn.kill_all_screen_processes()
    stdout.read()
    _wait_until(lambda: conn.get_number_users_screens() == 0, what="the screens to end")
    _wait_until(lambda: not any(p[2].startswith("sleep") for p in real_sshd.user_processes()),
                what="the jobs in the screens to end")
    conn.execute_command_in_screen("sleep 120")
    _wait_until(lambda: conn.get_number_users_screens() == 1, what="a new screen")
    _, stdout, _ = conn.kill_all_processes()                  # ends this SSH session too
    stdout.read()
    _wait_until(lambda: not real_sshd.user_processes(), what="all of the user's processes to end")
    assert conn.get_server_info() == "online"                 # reconnects after losing its session


def test_real_sshd_saved_server_list_reconnects_and_hides_the_password(real_sshd, tmp_path, monkeypatch):
    monkeypatch.setattr(sshthreadpool, "_KDF_ITERATIONS", 1000)
    path = tmp_path / "servers.enc"
    SSHPool([real_sshd.connection()]).save_server(path, "master")
    if real_sshd.password is not None:
        assert real_sshd.password.encode() not in path.read_bytes()
        assert real_sshd.password.encode() not in base64.b64decode(path.read_bytes())
    pool = SSHPool([])
    pool.load_server(path, "master")
    assert pool.servers[0].password == real_sshd.password
    _, stdout, _ = pool.execute_command("127.0.0.1", "echo reconnected")
    assert stdout.read() == b"reconnected\n"
    assert b"reconnected" not in pickle.dumps(pool.servers[0]) and (
        real_sshd.password is None or real_sshd.password.encode() not in pickle.dumps(pool.servers[0]))
