#!/usr/bin/env bash
# TLS and a password: mqtts:// with our own CA (mqtt.tls_ca) and a user
# name and password (the password from the environment, never a flag).  A
# wrong password or an untrusted certificate leaves the feed DOWN with the
# reason, and fleetops running.
. "$(dirname "$0")/lib.bash"
command -v openssl >/dev/null || { echo "secure: openssl missing"; exit 1; }
C=$T/certs
mkdir -p "$C"
(
	cd "$C" || exit 1
	openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 2 \
		-subj /CN=fleetops-test-ca
	openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj /CN=127.0.0.1
	printf 'subjectAltName=IP:127.0.0.1\n' >ext
	openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out server.crt \
		-days 2 -extfile ext
	mosquitto_passwd -c -b passwd fleet 's3cret pass'
) >/dev/null 2>&1 || { echo "secure: cannot make certificates"; exit 1; }
export FO_MQTT_CONF_EXTRA="cafile $C/ca.crt
certfile $C/server.crt
keyfile $C/server.key
allow_anonymous false
password_file $C/passwd"
# broker.sh's readiness ping splits its arguments on blanks: a user of its own
mosquitto_passwd -b "$C/passwd" ping ping >/dev/null 2>&1
export FO_MQTT_PING_ARGS="--cafile $C/ca.crt -u ping -P ping"
broker_start
URL=mqtts://127.0.0.1:$FO_MQTT_PORT
spub() { pub --cafile "$C/ca.crt" -u ping -P ping "$@"; }
spub -r -q 1 -t uagv/v2/AtlasMesh/TLS-1/connection -m "$(conn_msg TLS-1 1 ONLINE)"

FLEETOPS_MQTT_PASSWORD='s3cret pass' "$FO" --mqtt "$URL" --mqtt-tls-ca "$C/ca.crt" \
	--mqtt-username fleet --mqtt-client-id fo-test-tls feeds watch --seconds 2 \
	>"$T/ok" 2>"$T/ok.err"
expect_eq "$?" 0 "exit code with TLS and the right password"
expect_grep "$T/ok" '^mqtt +up ' "up over TLS"
expect_grep "$T/ok" '^feed mqtt messages 1 accepted 1' "the retained connection arrived over TLS"

FLEETOPS_MQTT_PASSWORD=wrong "$FO" --mqtt "$URL" --mqtt-tls-ca "$C/ca.crt" \
	--mqtt-username fleet --mqtt-client-id fo-test-tls2 feeds watch --seconds 2 \
	>"$T/bad" 2>"$T/bad.err"
expect_eq "$?" 0 "a wrong password does not stop fleetops"
expect_grep "$T/bad" '^mqtt +DOWN .*cannot connect: (bad user name or password|not authorized)' "DOWN with the reason (password)"

# the system store does not trust our CA
FLEETOPS_MQTT_PASSWORD='s3cret pass' "$FO" --mqtt "$URL" --mqtt-username fleet \
	--mqtt-client-id fo-test-tls3 feeds watch --seconds 2 >"$T/ca" 2>"$T/ca.err"
expect_eq "$?" 0 "an untrusted certificate does not stop fleetops"
expect_grep "$T/ca" '^mqtt +DOWN .*cannot connect' "DOWN with the reason (certificate)"
finish
