"""Run scripts on a pool of Linux servers over SSH, each job in a detached ``screen``.

:class:`SSHConnection` wraps one server (paramiko, imported only when a
connection is used: ``pip install pydeep-energy[ssh]``), :class:`SSHJob` is a
shell command with a thread count and a nice level, and :class:`SSHPool`
distributes jobs over the servers whose free cores and memory allow them.

Status queries parse standard Linux commands run over SSH: ``nproc``,
``free -b``, ``cat /proc/loadavg``, ``ps`` and ``screen -ls``.

Connections are saved encrypted (:meth:`SSHConnection.encrypt`,
:meth:`SSHPool.save_server`) with the ``cryptography`` package's Fernet (AES-CBC with an
HMAC-SHA256 tag), keyed by PBKDF2-HMAC-SHA256 of the password with a random
salt. Pickling a connection never stores its password.

Examples
--------
>>> pool = SSHPool([SSHConnection("node1", "me", "secret", max_cpus_usage=4)])
>>> started, remaining = pool.distribute_jobs([SSHJob("python run.py 1", num_threads=2)])
"""
import base64
import hashlib
import json
import math
import numbers
import os
import re
import secrets
import shlex

from .._validation import check_option, check_positive_int, check_scalar
from .io import atomic_write

_INSTALL_HINT = "SSH support needs paramiko: pip install pydeep-energy[ssh]"
_THREAD_VARIABLES = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")
_HOST_KEY_POLICIES = {"reject": "RejectPolicy", "warn": "WarningPolicy", "add": "AutoAddPolicy"}
_MAGIC = b"PDSSH2"
_KDF_ITERATIONS = 600_000
_MAX_KDF_ITERATIONS = 10_000_000


def _paramiko():
    """Import paramiko on first use, with an install hint when it is missing."""
    try:
        import paramiko
    except ImportError as err:
        raise ImportError(_INSTALL_HINT) from err
    return paramiko


def _check_text(value, name, allow_none=False):
    """Return ``value`` if it is a non-empty string (or None when allowed)."""
    if value is None and allow_none:
        return None
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string; got {type(value).__name__}")
    if not value.strip():
        raise ValueError(f"{name} must be a non-empty string; got {value!r}")
    return value


def _check_nice(value, name):
    """Return a Linux nice level, an integer in [-20, 19]."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer in [-20, 19]; got {value!r}")
    if not -20 <= value <= 19:
        raise ValueError(f"{name} must be an integer in [-20, 19]; got {value}")
    return int(value)


def _check_cpus_usage(value):
    """An int >= 1 is a number of cores, a float in (0, 1] a fraction of the server's cores."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return check_positive_int(value, "max_cpus_usage")
    return check_scalar(value, "max_cpus_usage", low=0.0, high=1.0, low_inclusive=False)


# ----------------------------------------------------------------------------
# Authenticated encryption of saved connections (cryptography's Fernet)
# ----------------------------------------------------------------------------

def _fernet(password, salt, iterations):
    """Fernet cipher keyed by PBKDF2-HMAC-SHA256 of ``password``."""
    try:
        from cryptography.fernet import Fernet
    except ImportError as err:
        raise ImportError("Saving connections needs cryptography: pip install pydeep-energy[ssh]") from err
    key = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations, dklen=32)
    return Fernet(base64.urlsafe_b64encode(key))


def _seal(payload, password):
    """Encrypt and authenticate a JSON-serialisable ``payload``; returns bytes."""
    _check_text(password, "password")
    salt = secrets.token_bytes(16)
    head = _MAGIC + _KDF_ITERATIONS.to_bytes(4, "big") + salt
    return head + _fernet(password, salt, _KDF_ITERATIONS).encrypt(json.dumps(payload).encode("utf-8"))


def _open(token, password):
    """Inverse of :func:`_seal`; ValueError on a wrong password or altered data."""
    _check_text(password, "password")
    if not isinstance(token, (bytes, bytearray)):
        raise TypeError(f"connection must be bytes from encrypt(); got {type(token).__name__}")
    token = bytes(token)
    n_head = len(_MAGIC) + 4 + 16
    if len(token) <= n_head or not token.startswith(_MAGIC):
        raise ValueError("connection is not data written by SSHConnection.encrypt()")
    iterations = int.from_bytes(token[len(_MAGIC):len(_MAGIC) + 4], "big")
    if not 1 <= iterations <= _MAX_KDF_ITERATIONS:
        raise ValueError("connection is not data written by SSHConnection.encrypt()")
    from cryptography.fernet import InvalidToken
    try:
        plain = _fernet(password, token[n_head - 16:n_head], iterations).decrypt(token[n_head:])
    except InvalidToken as err:
        raise ValueError("password is wrong or the encrypted connection data was altered") from err
    return json.loads(plain.decode("utf-8"))


# ----------------------------------------------------------------------------
# Parsers of command output
# ----------------------------------------------------------------------------

def _parse_free(text):
    """Total memory and used memory (bytes, without caches) from ``free -b``."""
    lines = [line.split() for line in text.splitlines() if line.strip()]
    header = next(row for row in lines if "total" in row)
    mem = dict(zip(header, map(int, next(row for row in lines if row[0] == "Mem:")[1:])))
    total = mem["total"]
    if "available" in mem:
        used = total - mem["available"]
    else:
        buffers = [row for row in lines if row[0] == "-/+"]
        used = int(buffers[0][2]) if buffers else mem["used"]
    if total <= 0:
        raise ValueError("free reports no memory")
    return total, used


def _parse_loadavg(text):
    """The 1, 5 and 15 minute load averages (busy cores) from ``/proc/loadavg``."""
    return tuple(float(x) for x in text.split()[:3])


def _count_processes(text):
    """Number of lines of ``ps -o pid=,comm=`` output, without ``ps`` itself."""
    rows = [line.split(None, 1) for line in text.splitlines() if line.strip()]
    return sum(1 for row in rows if row[1:] != ["ps"])


def _count_screens(text):
    """Number of sessions listed by ``screen -ls``."""
    return len(re.findall(r"^\s+\d+\.\S+\s", text, flags=re.MULTILINE))


class SSHConnection:
    """Handles a SSH connection.

    Parameters
    ----------
    hostname : str
        Hostname or address of host.
    username : str
        SSH username.
    password : str or None
        SSH password; None uses the SSH agent or the user's key files.
    max_cpus_usage : int or float
        Maximal number of cores to be used: an int >= 1 is a number of cores,
        a float in (0, 1] a fraction of the server's cores.
    max_mem_usage : float
        Jobs start only while the server's memory usage (fraction of total) is
        below this value, in (0, 1].
    port : int
        SSH port.
    unknown_host : {'reject', 'warn', 'add'}
        What to do with a host key not in ``~/.ssh/known_hosts`` (paramiko's
        RejectPolicy, WarningPolicy or AutoAddPolicy).
    timeout : float
        Seconds to wait when connecting.
    """

    def __init__(self, hostname, username, password, max_cpus_usage=2, max_mem_usage=1.0,
                 port=22, unknown_host="reject", timeout=10.0):
        self.hostname = _check_text(hostname, "hostname").strip()
        self.username = _check_text(username, "username")
        self.password = _check_text(password, "password", allow_none=True)
        self.max_cpus_usage = _check_cpus_usage(max_cpus_usage)
        self.max_mem_usage = check_scalar(max_mem_usage, "max_mem_usage", low=0.0, high=1.0,
                                          low_inclusive=False)
        self.port = check_positive_int(port, "port")
        if self.port > 65535:
            raise ValueError(f"port must be an integer in [1, 65535]; got {port}")
        self.unknown_host = check_option(unknown_host, "unknown_host", tuple(_HOST_KEY_POLICIES))
        self.timeout = check_scalar(timeout, "timeout", low=0.0, low_inclusive=False)
        self.client = None
        self.is_connected = False
        self.last_error = None
        self.number_cpus = None
        self.memory_size = None
        self.cpu_load = None
        self.memory_usage = None

    def __repr__(self):
        return f"SSHConnection({self.hostname!r}, {self.username!r}, max_cpus_usage={self.max_cpus_usage})"

    def __getstate__(self):
        """Pickle without the password and the live client."""
        state = dict(self.__dict__, password=None, client=None, is_connected=False)
        return state

    def _settings(self):
        return {key: getattr(self, key) for key in ("hostname", "username", "password", "max_cpus_usage",
                                                   "max_mem_usage", "port", "unknown_host", "timeout")}

    def encrypt(self, password):
        """Encrypts the connection settings (password included) with ``password``; returns bytes."""
        return _seal(self._settings(), password)

    @classmethod
    def decrypt(cls, connection, password):
        """Decrypts bytes from :meth:`encrypt` and returns a new, unconnected SSHConnection."""
        return cls(**_open(connection, password))

    def connect(self):
        """Connects to the server; returns True if the connection was successful.

        A connection whose SSH session was lost (server restarted, the
        user's processes killed) is opened anew. On failure the reason is
        kept in ``last_error``. Raises ImportError without paramiko.
        """
        if self.is_connected:
            transport = self.client.get_transport()
            if transport is not None and transport.is_active():
                return True
            self.disconnect()
        paramiko = _paramiko()
        client = paramiko.SSHClient()
        try:
            client.load_system_host_keys()
            client.set_missing_host_key_policy(getattr(paramiko, _HOST_KEY_POLICIES[self.unknown_host])())
            client.connect(hostname=self.hostname, port=self.port, username=self.username,
                           password=self.password, timeout=self.timeout)
        except (paramiko.SSHException, OSError) as err:
            client.close()
            self.last_error = f"{type(err).__name__}: {err}"
            return False
        self.client, self.is_connected, self.last_error = client, True, None
        return True

    def disconnect(self):
        """Disconnects from the server."""
        if self.client is not None:
            self.client.close()
        self.client, self.is_connected = None, False

    def execute_command(self, command):
        """Executes a command on the server (connecting first if needed).

        Returns
        -------
        (stdin, stdout, stderr) : paramiko channel files
            Raises ConnectionError if the server cannot be reached.
        """
        _check_text(command, "command")
        if not self.connect():
            raise ConnectionError(f"cannot connect to {self.hostname}: {self.last_error}")
        try:
            return self.client.exec_command(command)
        except (_paramiko().SSHException, OSError) as err:
            self.disconnect()
            raise ConnectionError(f"lost connection to {self.hostname}: {err}") from err

    def execute_command_in_screen(self, command):
        """Executes a command in a detached screen that closes when the command ends."""
        _check_text(command, "command")
        return self.execute_command("screen -d -m bash -c " + shlex.quote(command))

    def _output(self, command):
        """Stdout of ``command`` as text, or None if the server cannot be reached."""
        try:
            _, stdout, _ = self.execute_command(command)
            return stdout.read().decode("utf-8", errors="replace")
        except (ConnectionError, OSError, _paramiko().SSHException):
            return None

    def _query(self, command, parse):
        """``parse(output)``; None when offline or the output is not understood."""
        text = self._output(command)
        if text is None:
            return None
        try:
            return parse(text)
        except (ValueError, IndexError, KeyError, StopIteration):
            return None

    def get_server_info(self):
        """Reads the number of cpus and the memory size (bytes) into ``number_cpus``, ``memory_size``.

        Returns 'online' or 'offline'.
        """
        cpus = self._query("nproc", lambda text: int(text.split()[0]))
        memory = self._query("free -b", lambda text: _parse_free(text)[0])
        if cpus is None or memory is None or cpus < 1:
            return "offline"
        self.number_cpus, self.memory_size = cpus, memory
        return "online"

    def get_server_load(self):
        """Current CPU and memory usage.

        Returns
        -------
        list or None
            ``[load_1min, load_5min, load_15min, memory_usage]``: load averages
            as fractions of all cores (above 1 when overloaded) and the used
            memory (without caches) as a fraction of the total. The load in
            cores is kept in ``cpu_load``. None when offline.
        """
        if self.number_cpus is None and self.get_server_info() == "offline":
            return None
        load = self._query("cat /proc/loadavg", _parse_loadavg)
        memory = self._query("free -b", _parse_free)
        if load is None or len(load) != 3 or memory is None:
            return None
        self.cpu_load, self.memory_usage = load, memory[1] / memory[0]
        return [value / self.number_cpus for value in load] + [self.memory_usage]

    def get_number_users_processes(self):
        """Number of the user's processes on the server (int), None when offline."""
        return self._query(f"ps -u {shlex.quote(self.username)} -o pid=,comm=", _count_processes)

    def get_number_users_screens(self):
        """Number of the user's screen sessions on the server (int), None when offline."""
        return self._query("screen -ls", _count_screens)

    def kill_all_processes(self):
        """Kills all processes of the user (SIGKILL); returns stdin, stdout, stderr."""
        return self.execute_command(f"pkill -KILL -u {shlex.quote(self.username)}")

    def kill_all_screen_processes(self):
        """Kills all screens of the user (and the jobs in them); returns stdin, stdout, stderr."""
        return self.execute_command(f"pkill -TERM -x -u {shlex.quote(self.username)} screen")

    def renice_processes(self, value):
        """Renices all processes of the user to ``value`` in [-20, 19] (below 0 needs root)."""
        if isinstance(value, str):
            try:
                value = int(value)
            except ValueError:
                raise ValueError(f"value must be an integer in [-20, 19]; got {value!r}") from None
        value = _check_nice(value, "value")
        return self.execute_command(f"renice -n {value} -u {shlex.quote(self.username)}")

    def allowed_cpus(self):
        """Cores this connection may use: ``max_cpus_usage`` cores or that fraction of the server's."""
        if isinstance(self.max_cpus_usage, int):
            return min(self.max_cpus_usage, self.number_cpus or self.max_cpus_usage)
        return math.floor(self.max_cpus_usage * self.number_cpus + 1e-9)


class SSHJob:
    """Handles a SSH job: a shell command with a thread count and a nice level.

    Parameters
    ----------
    command : str
        Command to be executed (any bash command line).
    num_threads : int
        Number of threads (cores) the job needs; exported as OMP_NUM_THREADS,
        MKL_NUM_THREADS and OPENBLAS_NUM_THREADS.
    nice : int
        Nice value for this job, in [-20, 19] (below 0 needs root).
    """

    def __init__(self, command, num_threads=1, nice=19):
        self.command = _check_text(command, "command")
        self.num_threads = check_positive_int(num_threads, "num_threads")
        self.nice = _check_nice(nice, "nice")
        self.server = None

    def __repr__(self):
        return f"SSHJob({self.command!r}, num_threads={self.num_threads}, nice={self.nice})"

    def command_line(self):
        """The bash command line that runs the job with its thread variables and nice level."""
        env = " ".join(f"{name}={self.num_threads}" for name in _THREAD_VARIABLES)
        return f"export {env}; exec nice -n {self.nice} bash -c {shlex.quote(self.command)}"


class SSHPool:
    """Handles a pool of servers and allows to distribute jobs over the pool.

    Parameters
    ----------
    servers : list of SSHConnection
    """

    def __init__(self, servers):
        self.servers = self._check_servers(servers, "servers")

    @staticmethod
    def _check_servers(servers, name):
        if isinstance(servers, SSHConnection) or not isinstance(servers, (list, tuple)):
            raise TypeError(f"{name} must be a list of SSHConnection; got {type(servers).__name__}")
        for server in servers:
            if not isinstance(server, SSHConnection):
                raise TypeError(f"{name} must contain only SSHConnection objects; got {type(server).__name__}")
        return list(servers)

    def _server(self, host):
        if isinstance(host, SSHConnection):
            return host
        _check_text(host, "host")
        for server in self.servers:
            if server.hostname == host:
                return server
        raise ValueError(f"host must be a server of the pool {[s.hostname for s in self.servers]}; got {host!r}")

    def save_server(self, path, password):
        """Saves the encrypted server list (passwords included) to ``path``, readable by the owner only."""
        token = _seal([server._settings() for server in self.servers], password)
        with atomic_write(path, "wb") as fh:
            os.fchmod(fh.fileno(), 0o600)
            fh.write(base64.b64encode(token) + b"\n")

    def load_server(self, path, password, append=True):
        """Loads servers saved by :meth:`save_server`; appends them or replaces the list."""
        _check_text(password, "password")
        with open(path, "rb") as fh:
            try:
                token = base64.b64decode(fh.read().strip(), validate=True)
            except ValueError as err:
                raise ValueError(f"path {path!r} is not a server list written by save_server") from err
        loaded = [SSHConnection(**settings) for settings in _open(token, password)]
        self.servers = self.servers + loaded if append else loaded

    def execute_command(self, host, command):
        """Executes a command on the server ``host`` (hostname or SSHConnection); returns stdin, stdout, stderr."""
        return self._server(host).execute_command(command)

    def execute_command_in_screen(self, host, command):
        """Executes a command in a detached screen on the server ``host``."""
        return self._server(host).execute_command_in_screen(command)

    def _broadcast(self, method, *args):
        results = []
        for server in self.servers:
            try:
                results.append(getattr(server, method)(*args))
            except ConnectionError:
                results.append(None)
        return results

    def broadcast_command(self, command):
        """Executes a command on all servers; a list of (stdin, stdout, stderr), None for unreachable servers."""
        _check_text(command, "command")
        return self._broadcast("execute_command", command)

    def broadcast_kill_all(self):
        """Kills all processes of the user on every server (see :meth:`broadcast_command`)."""
        return self._broadcast("kill_all_processes")

    def broadcast_kill_all_screens(self):
        """Kills all screens of the user on every server (see :meth:`broadcast_command`)."""
        return self._broadcast("kill_all_screen_processes")

    def get_servers_info(self, status=True):
        """Reads number of cpus and memory size of all servers; prints them if ``status``.

        Returns the list of 'online'/'offline' flags.
        """
        flags = [server.get_server_info() for server in self.servers]
        if status:
            for server, flag in zip(self.servers, flags):
                memory = "-" if flag == "offline" else f"{server.memory_size / 2 ** 30:.1f} GiB"
                cpus = "-" if flag == "offline" else server.number_cpus
                print(f"{server.hostname:<20} {flag:<8} CPUs: {cpus:<4} memory: {memory}")
        return flags

    def get_servers_status(self, status=False):
        """Reads the status of all servers; prints a table if ``status``.

        Returns
        -------
        header : list of str
        rows : list of lists
            Per server: hostname, 'online'/'offline', CPUs, usable CPUs, load
            1/5/15 min (fractions of all cores), memory usage, number of the
            user's processes and screens (None where offline).
        """
        header = ["hostname", "status", "cpus", "usable cpus", "load 1min", "load 5min", "load 15min",
                  "memory usage", "processes", "screens"]
        rows = []
        for server in self.servers:
            load = server.get_server_load()
            if load is None:
                rows.append([server.hostname, "offline"] + [None] * (len(header) - 2))
                continue
            rows.append([server.hostname, "online", server.number_cpus, server.allowed_cpus()] + load
                        + [server.get_number_users_processes(), server.get_number_users_screens()])
        if status:
            print(" | ".join(header))
            for row in rows:
                print(" | ".join(f"{v:.2f}" if isinstance(v, float) else str(v) for v in row))
        return header, rows

    def _free_cpus(self, server, ignore_load):
        """Cores free for new jobs on ``server``, None when offline or its memory is full."""
        if ignore_load:
            if server.number_cpus is None and server.get_server_info() == "offline":
                return None
            return server.allowed_cpus()
        if server.get_server_load() is None or server.memory_usage >= server.max_mem_usage:
            return None
        return server.allowed_cpus() - round(server.cpu_load[0])

    def distribute_jobs(self, jobs, status=False, ignore_load=False, sort_server=True):
        """Distributes the jobs over the servers, first fit in the order of ``jobs``.

        A job starts on a server if its ``num_threads`` fit the server's free
        cores: ``allowed_cpus()`` minus the 1-minute load average rounded to
        whole cores, minus the threads of jobs started in this call; and only
        while the server's memory usage is below its ``max_mem_usage``.

        Parameters
        ----------
        jobs : list of SSHJob
        status : bool
            Print which job was started on which server.
        ignore_load : bool
            Ignore the current load and memory usage (still at most
            ``allowed_cpus()`` threads per server in this call).
        sort_server : bool
            Try the least loaded servers (load per core) first; without
            ``ignore_load`` only, as the load is not queried otherwise.

        Returns
        -------
        started, remaining : list of SSHJob, list of SSHJob
            A started job's ``server`` attribute holds its hostname.
        """
        if isinstance(jobs, SSHJob):
            jobs = [jobs]
        if not isinstance(jobs, (list, tuple)) or not all(isinstance(job, SSHJob) for job in jobs):
            raise TypeError("jobs must be a list of SSHJob objects")
        free = {id(server): self._free_cpus(server, ignore_load) for server in self.servers}
        order = [server for server in self.servers if free[id(server)] is not None]
        if sort_server and not ignore_load:
            order.sort(key=lambda server: server.cpu_load[0] / server.number_cpus)
        started, remaining = [], []
        for job in jobs:
            target = next((s for s in order if job.num_threads <= free[id(s)]), None)
            if target is not None:
                try:
                    target.execute_command_in_screen(job.command_line())
                except ConnectionError:
                    order.remove(target)
                    target = None
            if target is None:
                remaining.append(job)
                continue
            free[id(target)] -= job.num_threads
            job.server = target.hostname
            started.append(job)
            if status:
                print(f"Started {job!r} on {target.hostname}")
        if status:
            print(f"{len(started)} jobs started, {len(remaining)} remaining")
        return started, remaining
