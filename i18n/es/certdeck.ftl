# certdeck — Español

app-title = certdeck
app-subtitle = Certificados, claves y cadenas de confianza

# Barra de herramientas
import-files = Importar archivos…
import-path-placeholder = Ruta de un certificado, clave, archivo PKCS#7 o PKCS#12
import-path-open = Abrir
import-dialog-open = Cierre primero el diálogo abierto para importar estos archivos.
paste-pem = Pegar PEM
paste-pem-placeholder = Pegue aquí texto PEM (certificados, claves, solicitudes…)
paste-pem-import = Decodificar el texto pegado
paste-pem-cancel = Cerrar
clear-all = Vaciar
password-placeholder = Contraseña de archivos PKCS#12 y claves cifradas
password-retry = Reintentar con la contraseña
no-file-dialog = Este escritorio no ofrece un diálogo de archivos: escriba la ruta abajo.

# Estado vacío y soltar
empty-title = Suelte archivos de certificados en cualquier parte de esta ventana
empty-hint = PEM, DER, PKCS#7 (.p7b), PKCS#12 (.pfx/.p12), claves, CSR, CRL y parámetros DH/EC. El formato se reconoce por el contenido.
drop-to-import = Suelte para importar
working = { $count ->
    [one] Leyendo un archivo…
   *[other] Leyendo { $count } archivos…
}

# Lista
column-name = Nombre
column-status = Estado
column-expires = Caduca
column-days-left = Días restantes
column-issuer = Emisor
column-nodes = Nodos
column-key = Clave
objects-count = { $count ->
    [one] un objeto
   *[other] { $count } objetos
}
errors-count = { $count ->
    [one] un problema
   *[other] { $count } problemas
}

# Tipos
kind-certificate = Certificado
kind-private-key = Clave privada
kind-csr = Solicitud de firma
kind-crl = Lista de revocación
kind-tls-parameters = Parámetros TLS
kind-public-key = Clave pública

# Estados (palabras de las insignias)
status-good = Correcto
status-temporary = Temporal
status-weak-signature = Firma débil
status-empty-subject = Sujeto vacío
status-expiring = { $days ->
    [one] queda 1 día
   *[other] quedan { $days } días
}
status-expired = Caducado
status-not-yet-valid = Aún no válido
status-weak-key = Clave débil
status-no-san = Sin SAN
status-wildcard = Comodín
status-ca = CA
status-incomplete-chain = Cadena incompleta
status-key-missing = Falta la clave

# Panel de detalles
detail-none = Seleccione un objeto para ver sus detalles.
detail-statuses = Estado
detail-subject = Sujeto
detail-issuer = Emisor
detail-serial = Número de serie
detail-valid-from = Válido desde
detail-valid-until = Válido hasta
detail-key = Clave
detail-signature = Firma
detail-sha1 = SHA-1
detail-sha256 = SHA-256
detail-private-key = Clave privada
detail-private-key-present = Encontrada en la misma importación
detail-private-key-absent = No importada
detail-extensions = Extensiones
detail-critical = crítica
detail-chain = Cadena de confianza
detail-chain-trusted = Termina en la raíz de confianza { $name }
detail-chain-untrusted-root = Termina en la raíz { $name }, que no es de confianza
detail-chain-missing = Falta el emisor { $name }
detail-chain-too-long = La ruta es demasiado larga
detail-pem = PEM
detail-file = Archivo
detail-protection = Protección
detail-request-signature = Firma de la solicitud
detail-request-signature-ok = Se verifica con la clave de la solicitud
detail-request-signature-bad = No se verifica
detail-san = Nombres alternativos
detail-this-update = Esta actualización
detail-next-update = Próxima actualización
detail-revoked = Certificados revocados
detail-parameters = Parámetros

# Navegación e inventario
nav-inventory = Todos los certificados
nav-inspect = Examinar archivos
filter-placeholder = Filtrar por nombre, emisor, SAN, número de serie o huella
inventory-loading = Abriendo el inventario…
inventory-empty = El inventario está vacío. Suelte aquí archivos de certificados o pulse «Importar archivos…».
inventory-error = No se pudo abrir el inventario: { $reason }
import-done = { $added } añadidos, { $updated } actualizados, { $unchanged } sin cambios, { $errors } problemas
alarms-count = { $count ->
    [0] Sin alarmas
    [one] Una alarma
   *[other] { $count } alarmas
}
column-role = Tipo
role-server = Servidor (con clave)
role-leaf = Certificado
role-intermediate = CA intermedia
role-root = CA raíz
detail-nodes = Nodos

# Qué certificados muestra la lista.
show-all = Todos los certificados
show-attention = Requieren atención
show-expired = Caducados
show-expiring = Caducan pronto
show-with-key = Con clave privada
show-authorities = Autoridades de certificación

# Ajustes
nav-settings = Ajustes
settings-title = Ajustes
settings-language = Idioma
settings-language-system = Igual que el sistema
settings-theme = Tema
theme-system = Igual que el sistema
theme-light = Claro
theme-dark = Oscuro
settings-warning-days = Avisar estos días antes de que caduque un certificado
settings-warning-days-invalid = Escriba un número de días entre 1 y 3650.
settings-data-dir = Carpeta de datos (el inventario y su almacén de claves)
settings-team = Base de datos del equipo
settings-team-placeholder = postgres://you@db.example.com/certdeck?sslmode=require
settings-team-explained = La base de datos PostgreSQL compartida de un equipo (certdeck team init): cada envío toma primero allí el bloqueo del nodo y anota su resultado en el registro de auditoría del equipo. Vacío: sin equipo.
settings-team-invalid = No es una dirección de PostgreSQL: { $reason }
shared-watch-lost = Ya no llegan los cambios de otros miembros ({ $reason }): se reintenta en medio minuto; mientras tanto, recargue a mano.
shared-title = Inventario compartido
shared-uses-own = Esta carpeta de datos usa su propio inventario (un archivo en este equipo).
shared-uses-team = Esta carpeta de datos usa el inventario compartido del equipo en { $url }.
shared-use = Usar el inventario del equipo
shared-copy-up = Copiar este inventario al equipo
shared-create = Crear allí un equipo
shared-leave = Volver al inventario propio de la carpeta
shared-copy-down = Copiar aquí el del equipo
shared-needs-team = Indique arriba la base de datos del equipo (y guarde) para compartir un inventario.
shared-explained = Usar el inventario del equipo no copia nada (un miembro que llega). Copiar al equipo lleva todo lo de aquí al inventario vacío del equipo; copiar aquí trae el del equipo al inventario vacío de esta carpeta. Ambos comparan cada objeto antes de cambiar; el original queda como estaba.
shared-starting = Empezando…
shared-copying = { $table } copiada ({ $rows } filas)…
shared-cancel = Cancelar
shared-no-folder = No hay carpeta de datos en este sistema.
shared-now-team = Esta carpeta usa ahora el inventario del equipo.
shared-now-own = Esta carpeta vuelve a usar su propio inventario.
shared-copied = { $rows } filas copiadas y comparadas; esta carpeta usa ahora la copia.
shared-created = Equipo creado; { $me } es su primer admin. Copie este inventario al equipo o use el del equipo.
settings-choose = Elegir…
settings-default = Predeterminada
settings-keychain = Llavero
settings-keychain-checking = Comprobando…
settings-keychain-ok = En uso: { $name }
settings-keychain-none = No disponible ({ $reason }). El almacén de claves necesita una frase de contraseña: defina CERTDECK_VAULT_PASSPHRASE.
settings-renderer = Representación
settings-renderer-asked = { $name }, como pide ICED_BACKEND
settings-renderer-gpu = wgpu en { $name }
settings-renderer-software = tiny-skia: no hay GPU ({ $names } dibuja por software y tiny-skia lo hace con menos memoria)
settings-renderer-none = tiny-skia: no se encontró ningún adaptador gráfico
settings-file = Archivo de ajustes
settings-no-file = Este sistema no tiene carpeta de configuración: los ajustes no se pueden guardar.
settings-save = Guardar
settings-revert = Deshacer los cambios
settings-saved = Guardado en { $path }.

# Nombres de los idiomas, cada uno en su idioma.
language-de = Deutsch
language-en = English
language-es = Español
language-fr = Français
language-ja = 日本語

# Por qué un certificado tiene un estado (panel de detalles)
reason-expired = Caducó el { $date } (hace { $days ->
    [one] 1 día
   *[other] { $days } días
}).
reason-not-yet-valid = No es válido antes del { $date }.
reason-expiring = { $days ->
    [one] Queda 1 día
   *[other] Quedan { $days } días
}: caduca el { $date }.
reason-weak-signature = Firmado con { $algorithm }: sustitúyalo por un certificado firmado con SHA-2.
reason-weak-key = { $key } es demasiado débil: RSA necesita al menos 2048 bits y EC al menos 256.
reason-incomplete-chain = No hay ruta hasta una raíz de confianza: falta el emisor { $name }.
reason-incomplete-chain-untrusted = No hay ruta hasta una raíz de confianza: { $name } no es de confianza.
reason-key-missing = Falta la clave privada de este certificado de servidor.
reason-temporary = Autofirmado: los clientes no confiarán en él hasta que se sustituya por un certificado firmado por una CA.
reason-empty-subject = El sujeto está vacío; el certificado solo se nombra por sus nombres alternativos.
reason-no-san = Sin nombre alternativo del sujeto: los navegadores y la mayoría de los clientes TLS ignoran el nombre común.
reason-wildcard = Nombre comodín { $name }: SIP sobre TLS no acepta comodines (RFC 5922).
reason-ca = Autoridad de certificación.
reason-ca-path-length = Autoridad de certificación (como máximo { $limit } CA intermedias por debajo).

# Eliminar un certificado
detail-delete = Eliminar…
delete-title = ¿Eliminar { $name }?
delete-warning = Su clave privada y sus asignaciones a nodos se eliminan con él. Los archivos ya enviados a los nodos permanecen allí. No se puede deshacer.
delete-confirm = Eliminar
delete-cancel = Cancelar
deleted = Se eliminó { $name }.

# Las comprobaciones de cada eslabón de la cadena de confianza
check-builtin-anchor = Raíz integrada de Mozilla (solo nombre y clave)
check-issuer-not-found = No se encontró el emisor { $name }
check-issuer-not-found-key-id = No se encontró el emisor { $name } (id. de clave { $key_id })
check-valid-until = Válido hasta { $date }
check-not-valid-before = No es válido antes de { $date }
check-expired-on = Caducó el { $date }
check-self-signed = Autofirmado: la firma se verifica con su propia clave
check-issuer-name = El nombre del emisor coincide con { $name }
check-issuer-name-builtin = El nombre del emisor coincide con una raíz integrada
check-key-id-matches = El id. de clave de la autoridad coincide: { $key_id }
check-key-id-differs = El id. de clave de la autoridad { $key_id } difiere del id. de clave del emisor { $issuer_key_id }
check-no-key-ids = No hay identificadores de clave que comparar
check-signature-issuer = Firma { $algorithm } verificada con la clave del emisor
check-signature-root = Firma { $algorithm } verificada con la clave de la raíz
check-signature-fails-issuer = La firma no se verifica con la clave del emisor
check-signature-fails-root = La firma no se verifica con la clave de la raíz
check-issuer-is-ca = El emisor es una CA
check-issuer-not-ca = El emisor no es una CA (basicConstraints CA:FALSE o ausente)
check-issuer-may-sign = El emisor puede firmar certificados
check-issuer-lacks-cert-sign = El uso de clave del emisor no incluye keyCertSign
check-path-length-exceeded = { $below } CA intermedias por debajo de un emisor que permite { $limit }
check-path-length-ok = { $below } CA intermedias por debajo, { $limit } permitidas
check-no-path-length = El emisor no limita la longitud de la ruta

# Exportar un certificado
detail-export = Exportar…
export-title = Exportar
export-title-name = Exportar { $name }
export-what = Qué
export-what-certificate = Solo el certificado
export-what-chain = El certificado con su cadena
export-what-key = El certificado, su cadena y su clave privada
export-format = Formato
export-format-pem = PEM (.pem): texto, la mayoría de los dispositivos
export-format-der = DER (.der, .cer): un certificado binario
export-format-p7b = PKCS#7 (.p7b): certificados, sin clave
export-format-pfx-modern = PKCS#12 (.pfx), moderno: AES, OpenSSL 3 y Windows 10+
export-format-pfx-compatible = PKCS#12 (.pfx), compatible: 3DES, dispositivos antiguos y Java
export-passphrase = Frase de contraseña
export-passphrase-hint = Protege la clave privada o el archivo PKCS#12
export-plain-key = Escribir la clave privada sin cifrar (quien obtenga el archivo podrá usarla)
export-key-needs-pem-or-pfx = Los archivos DER y PKCS#7 no pueden llevar una clave privada: elija PEM o PKCS#12.
export-der-one-certificate = Un archivo DER contiene un solo certificado: elija PEM o PKCS#7 para la cadena.
export-pfx-needs-passphrase = Escriba una frase de contraseña para el archivo PKCS#12.
export-plain-key-unconfirmed = Escriba una frase de contraseña para la clave privada o confirme que puede escribirse sin cifrar.
export-save = Guardar…
export-no-dialog = No hay diálogo para guardar (o se cerró): edite la ruta y guarde aquí.
export-save-here = Guardar aquí
exported = Se guardó { $path }.

# Alarmas
nav-alarms = Alarmas
alarms-title = Alarmas
alarms-explained = Nodos sin certificado, certificados caducados o que caducan en { $days } días, y cadenas que no llegan a una raíz de confianza. Haga clic en una alarma para ver su certificado.
alarms-none = Nada requiere atención.
alarm-kind-node = Sin certificado
alarm-kind-expiring = Caduca pronto
alarm-node-without-certificate = El nodo { $node } no tiene certificado de servidor.
alarm-expired = { $name } caducó el { $date }.
alarm-expiring = { $name } caduca en { $days ->
    [one] 1 día
   *[other] { $days } días
} ({ $date }).
alarm-incomplete-chain = { $name }: la cadena no llega a una raíz de confianza: { $reason }.
alarm-kind-drift = Desviación
alarm-kind-unmanaged = No gestionado
alarm-kind-vanished = Desaparecido
alarm-kind-weak-wire = Débil en la red
alarm-drift = { $endpoint } sirve un certificado distinto del asignado al nodo { $node }.
alarm-unmanaged-expiring = { $endpoint } sirve un certificado que no está en el inventario y caduca dentro del plazo de alarma (o ya ha caducado).
alarm-vanished = { $endpoint } servía un certificado y ya no responde.
alarm-weak-on-wire = { $endpoint } solo habla TLS 1.0/1.1, o sirve una firma SHA-1 o una clave débil.

# CA de confianza
nav-trusted = CA de confianza
trusted-title = CA de confianza
trusted-explained = Las cadenas deben terminar en una de ellas. La lista de confianza de cada nodo, enviada con su certificado, se elige entre ellas (certdeck node trust).
trusted-custom = { $count ->
    [0] Sus CA
   *[other] Sus CA ({ $count })
}
trusted-none = Ninguna todavía: importe un certificado de CA raíz o intermedia y pulse «Confiar en esta CA».
trusted-expires = caduca el { $date }
trusted-remove = Dejar de confiar
trusted-add = Confiar en esta CA
trusted-builtin = Raíces integradas de Mozilla ({ $count })

# Por nodo
nav-nodes = Por nodo
nodes-title = Por nodo
nodes-explained = Cada nodo con el certificado de servidor que debe presentar, su lista de confianza y lo que encontró el último envío o sondeo. Elija un certificado para asignarlo (sustituye al anterior).
nodes-none = Todavía no hay nodos. Añada uno con Añadir nodo…
nodes-no-certificate = Sin certificado
nodes-assign = Asignar un certificado…
nodes-alarms = { $count ->
    [0] Sin alarmas
    [one] Una alarma
   *[other] { $count } alarmas
}
nodes-trust = Confía en: { $names }
nodes-trust-none = Lista de confianza: no se envía ninguna (defínala con Editar…)
nodes-last-result = Último resultado: { $result }
nodes-driver-folder = Carpeta preparada
nodes-driver-none = Aún no accesible para envíos (configúrelo con Editar…)

# Solicitudes de firma
nav-requests = Solicitudes
requests-title = Solicitudes de firma
requests-explained = Solicitudes hechas aquí (Nueva solicitud…, Renovar… en un certificado) o con certdeck csr. Importe el certificado que le devuelva su CA: completa su solicitud y se empareja con la clave guardada desde entonces.
requests-pending = { $count ->
    [0] Ninguna espera a una CA.
    [one] Una espera a su CA.
   *[other] { $count } esperan a su CA.
}
requests-none = Todavía no hay solicitudes. Cree una con Nueva solicitud…, o renueve un certificado desde su detalle.
requests-waiting = Esperando a la CA
requests-completed = Completada
requests-key-kept = clave privada guardada en el almacén
requests-usage-server = servidor TLS
requests-usage-client = cliente TLS
requests-usage-both = servidor y cliente

## Signing-request wizard

csr-new = Nueva solicitud…
detail-renew = Renovar…
csr-title-new = Nueva solicitud de firma
csr-title-renew = Renovar { $name }
csr-key = Clave
csr-key-keep = Conservar la clave actual
csr-key-rsa2048 = RSA 2048
csr-key-rsa3072 = RSA 3072
csr-key-rsa4096 = RSA 4096
csr-key-p256 = ECDSA P-256
csr-key-p384 = ECDSA P-384
csr-key-ed25519 = Ed25519
csr-usage = Uso
csr-node = Para el nodo
csr-node-none = Ningún nodo
csr-subject = Sujeto
csr-common-name = Nombre común (CN)
csr-organization = Organización (O)
csr-unit = Unidad organizativa (OU)
csr-locality = Ciudad (L)
csr-state = Provincia o estado (ST)
csr-country = País (C)
csr-email = Dirección de correo
csr-names = Nombres alternativos del sujeto
csr-names-hint = conf1.example.com, 192.0.2.10 o sip:conf@example.com
csr-add-name = Añadir
csr-remove-name = Quitar
csr-cn-in-san = Añadir el nombre común a los nombres (los navegadores ignoran el CN)
csr-checks = Comprobaciones antes de enviar
csr-checks-clean = Nada que objetar.
csr-create = Hacer la solicitud
csr-working = Creando la clave y la solicitud…
csr-bad-name = { $name } no es un nombre de host, una dirección IP, una dirección de correo ni un URI.
csr-bad-country = El país { $country } debe ser de dos letras mayúsculas (ISO 3166), como NO o DE.
csr-field-too-long = { $value } supera los 64 caracteres que admite un campo del sujeto.
csr-made = Solicitud hecha para { $name }. Envíela a su CA; importe el certificado que le devuelva y se emparejará con la clave guardada aquí.
csr-made-key = Clave: { $key }, guardada en la bóveda
csr-copy = Copiar
csr-copied = Copiado al portapapeles.
csr-save = Guardar como…
csr-saved = Solicitud guardada en { $path }
csr-close = Cerrar
lint-error = Impide la solicitud
lint-warning = Advertencia
lint-no-san = Ningún nombre alternativo del sujeto: los navegadores y la mayoría de los clientes TLS rechazarán el certificado.
lint-empty-subject = El sujeto está vacío: algunos equipos no pueden mostrar ni importar esos certificados.
lint-wildcard-sip = { $names }: SIP sobre TLS no acepta comodines (RFC 5922), y { $node } es un nodo SIP.
lint-name-not-covered = La solicitud no cubre { $name }, un nombre del nodo { $node }.
lint-wildcard = { $names }: no se aceptan comodines para SIP sobre TLS (RFC 5922).
lint-weak-key = { $key } es demasiado débil: use RSA 2048 o más, o P-256.
lint-ed25519 = Muchos equipos y CA públicas aún no aceptan claves Ed25519: prefiera RSA o P-256.

## Node form

node-add = Añadir nodo…
node-edit = Editar…
node-title-add = Añadir un nodo
node-title-edit = Editar { $name }
node-name = Nombre
node-fqdn = FQDN
node-alt-names = Nombres alternativos (separados por comas)
node-role = Certificado usado para
node-sip = Termina SIP sobre TLS (se le rechazan los certificados comodín)
node-endpoints = Puntos TLS que verificar tras un envío (host:puerto, separados por comas; SIP TLS es 5061)
node-driver = Cómo le llegan los certificados
node-driver-none = certdeck no le envía nada
node-driver-folder = Kit en una carpeta
node-driver-ssh = SSH/SFTP
node-driver-https = Envío HTTPS (WebDAV o formulario web)
node-driver-pexip = API de gestión de Pexip Infinity
node-driver-none-explained = certdeck sigue el certificado y las alarmas del nodo; usted instala los archivos (Exportar).
node-folder = Carpeta donde escribir el kit
node-reload-local = Orden que ejecutar aquí después (opcional)
node-host = Host (por defecto: el FQDN)
node-port = Puerto
node-user = Usuario
node-certificate-path = Archivo del certificado en el nodo (con su cadena)
node-key-path = Archivo de la clave privada en el nodo (opcional)
node-ca-path = Archivo de CA de confianza en el nodo (opcional)
node-reload-remote = Orden que ejecutar después en el nodo (opcional)
node-password = Contraseña
node-ssh-key = Archivo de clave privada OpenSSH (opcional)
node-secrets-explained = Las contraseñas y claves van al llavero del sistema, nunca al inventario. Déjelas vacías para conservar lo guardado.
node-url = URL de envío (una carpeta WebDAV terminada en / o la dirección del formulario)
node-upload = Enviar como
node-upload-webdav = WebDAV (PUT)
node-upload-form = Formulario web (multipart)
node-auth = Autenticación
node-form-field = Campo del formulario para el archivo
node-pexip-url = URL del Management Node
node-pexip-name = Nombre del nodo en Pexip Infinity (por defecto: este nombre)
node-connection = Conexión
node-test = Probar la conexión
node-testing = Conectando…
node-host-key = Clave de host SSH: { $fingerprint }
node-tls-certificate = Certificado HTTPS SHA-256: { $fingerprint }
node-check-then-pin = Compárela con la del nodo (ssh-keygen -lf en el nodo, o su página web) y luego fíjela: certdeck solo se conecta a lo fijado.
node-pin = Fijar
node-pinned = Fijada: certdeck solo se conectará a este nodo mientras presente esto.
node-pinned-earlier = Fijada: { $fingerprint }
node-logged-in = Sesión iniciada como { $user }; la clave de host está fijada.
node-trust-title = CA de confianza enviadas al nodo
node-trust-no-cas = El inventario aún no contiene certificados de CA.
node-save = Guardar
node-needs-name = Escriba el nombre del nodo.
node-needs-fqdn = Escriba el FQDN del nodo.
node-needs-path = Escriba la carpeta de destino.
node-needs-user = Escriba el usuario de inicio de sesión.
node-needs-certificate-path = Indique dónde va el certificado en el nodo.
node-needs-url = Escriba la URL.
node-bad-endpoint = { $endpoint } no tiene la forma host:puerto.
node-bad-port = { $port } no es un número de puerto.

## Import review

review-title = Importar al inventario
review-reading = Leyendo los archivos…
review-summary = Se harán: { $added } añadidos, { $updated } actualizados, { $unchanged } sin cambios; { $errors } problemas
review-import = Importar
review-working = Trabajando…
review-locked = { $file } está protegido con contraseña
review-password = Contraseña del archivo o de la clave
review-unlock = Abrir
review-wrong-password = Esa contraseña no lo abre.
review-added = Añadido
review-updated = Actualizado
review-unchanged = Ya guardado
review-skipped = No se guarda
review-error = Problema
review-trusted = a las CA de confianza
review-paired = emparejado con su clave privada
review-replaces = sustituye al guardado con el mismo número de serie
review-completes = completa la solicitud de firma n.º { $request }
review-pairs-stored = { $count ->
    [one] se empareja con un certificado guardado
   *[other] se empareja con { $count } certificados guardados
}

## Push dialog

detail-push = Enviar…
node-push = Enviar…
push-title = Enviar a los nodos
push-title-certificate = Enviar { $name }
push-choose = Elija los nodos. Cada uno recibe por su controlador su certificado con cadena, clave y parámetros, y su lista de confianza; después se sondean sus puntos TLS.
push-no-nodes = Ningún nodo tiene aún controlador: configure uno con Editar… en la pantalla Por nodo.
push-no-certificate = sin certificado asignado ni lista de confianza: nada que enviar
push-will-assign = recibirá { $name } (en lugar del actual)
push-sends = envía { $name }
push-planning = Planificando…
push-see-plan = Ver el plan
push-plan-explained = Aún no se ha enviado nada. Esto hará cada controlador:
push-plan-set-by = Su controlador, dirección y pin los configuró { $who } el { $when }.
push-approve-title = Aún no aprobado en este equipo
push-approve-explained = Un compañero lo configuró en el inventario compartido. Al enviar se ejecutaría o escribiría en este equipo, como usted. Léalo y apruebe solo lo que reconozca; un comando cambiado se vuelve a preguntar.
push-approve-button = Aprobar en este equipo
approve-kind-reload = comando de recarga
approve-kind-folder = carpeta (aquí se escribe la clave privada)
approve-kind-scan = escaneo guardado
approve-kind-file = archivo de este equipo que se envía al nodo
approve-kind-webroot = raíz web en este equipo (allí se escriben las respuestas HTTP-01)
approve-kind-listener = escucha abierta en este equipo (HTTP-01)
approve-set-by = configurado por { $who } el { $when }
approve-set-by-unknown = no consta quién lo configuró
push-plan-node = { $node } ({ $driver }): { $subject }
push-run = Enviar ahora
push-running = Enviando… Cancelar omite los nodos aún no empezados; los que están en curso terminan y se verifican.
push-cancelling = Cancelando: se omiten los nodos aún no empezados.
push-waiting = En espera
push-skipped = Omitido
push-applying = Enviando…
push-applied = Enviado
push-verifying = Verificando…
push-verified = Verificado
push-rolled-back = Revertido
push-failed = Falló
push-endpoint-ok = ✓ { $endpoint } presenta el certificado nuevo
push-endpoint-failed = ✗ { $endpoint }: { $detail }
push-then-verify = después comprobar por TLS que { $endpoint } lo presenta (si no, se revierte)

## Notifications

notes-bell = { $count ->
    [0] Notificaciones
   *[other] Notificaciones ({ $count })
}
notes-title = Notificaciones
notes-none = Nada todavía.
notes-clear = Borrar
notes-alarm = Nueva alarma: { $alarm }
notes-new-alarm = certdeck: nueva alarma
notes-more-alarms = { $count ->
    [one] y una alarma más
   *[other] y { $count } alarmas más
}
notes-desktop-refused = El escritorio no mostró la notificación ({ $reason }); las alarmas nuevas se listan aquí.
notes-desktop-no-service = ningún servicio de notificaciones responde en este escritorio
settings-notifications = Notificaciones del escritorio
settings-notifications-on = Anunciar cada alarma nueva en el escritorio
detail-assign = Asignar a un nodo…

## Nodes screen

nav-node-list = Nodos
nodes-list-title = Nodos
nodes-list-explained = Cómo se llega a cada nodo, los puntos TLS verificados tras un envío y si su clave de host o su certificado están fijados.
nodes-list-no-endpoints = Ningún punto TLS que verificar tras un envío
nodes-list-endpoints = Verificados tras un envío: { $endpoints }
nodes-list-pinned = Fijada: { $fingerprint }
nodes-list-not-pinned = Aún sin fijar: use Probar la conexión en su formulario
nodes-list-remove = Quitar…
nodes-list-folder = Kit en { $path }
nodes-list-ssh = SSH/SFTP como { $user } en { $host } puerto { $port }
nodes-list-https = Envío HTTPS a { $url }
nodes-list-pexip = API de Pexip Infinity en { $url } (nodo { $name })
nodes-remove-title = ¿Quitar el nodo { $name }?
nodes-remove-warning = Su certificado sigue en el inventario; su contraseña y su clave SSH se borran del llavero. Los archivos ya en el nodo siguen allí.
node-removed = Nodo { $name } quitado
nodes-check = Comprobar ahora
nodes-check-ok = { $node } presenta su certificado en { $count ->
    [one] su punto TLS
   *[other] sus { $count } puntos TLS
}
nodes-check-failed = { $node } no presenta su certificado como debería ({ $detail })
nodes-check-failed-word = Comprobación fallida
push-trust-only = { $count ->
    [one] envía solo su lista de confianza (una CA)
   *[other] envía solo su lista de confianza ({ $count } CA)
}

# A push that never finished (certdeck was stopped mid-push): a banner over the window.
push-unfinished = { $count ->
    [one] Un envío no terminó (certdeck se detuvo a mitad): { $nodes } puede haber quedado a medio cambiar.
   *[other] { $count } envíos no terminaron (certdeck se detuvo a mitad): { $nodes } pueden haber quedado a medio cambiar.
}
push-unfinished-rollback = Revertir
push-unfinished-working = Trabajando en los nodos…
push-unfinished-complete = Completar
push-resumed = { $node }: { $detail }

# Certificados de CA ACME: la pantalla Renovaciones, sus diálogos y el asistente Obtener certificado.
nav-renewals = Renovaciones
word-yes = sí
word-no = no
word-none = ninguno
dialog-cancel = Cancelar
challenge-dns01 = DNS-01 a través de { $server } (RFC 2136)
challenge-manual = DNS-01 a mano
challenge-listen = HTTP-01 en { $listen } (este equipo)
challenge-webroot = HTTP-01 en { $webroot } del nodo
renewals-title = Renovaciones
renewals-explained = Los nodos con un emisor ACME obtienen sus certificados de su CA y los renuevan, despliegan y verifican por sí solos: mediante el programador del sistema (certdeck schedule install) o desde aquí.
renewals-renew-due = Renovar lo pendiente
renewals-get-certificate = Obtener certificado…
renewals-upcoming = Próximas renovaciones
renewals-none = Ningún nodo obtiene aún su certificado de una CA ACME. Obtener certificado… lo configura.
renewals-due = Vence el { $date }
renewals-due-now = Vence ahora
renewals-push-now = Un certificado nuevo espera a ser desplegado
renewals-hold = Obtenido; se despliega cuando abra la ventana de mantenimiento ({ $date })
renewals-retry = { $failures ->
    [one] Falló una vez
   *[other] Falló { $failures } veces seguidas
}; nuevo intento { $date }
renewals-rate-limited = La CA limita esta cuenta hasta { $date }
renewals-expires = caduca el { $date }
renewals-no-certificate = aún sin certificado
renewals-last-run = Última ejecución: { $outcome }, { $when }
renewals-never-run = Nunca ejecutado
renewals-renew-now = Renovar ahora
renewals-edit = Editar…
renewals-remove = Quitar
renewals-accounts = Cuentas ACME
renewals-add-account = Añadir cuenta…
renewals-no-accounts = Aún no hay cuentas ACME.
renewals-account-active = Activa
renewals-account-deactivated = Desactivada
renewals-account-limited = Limitada hasta { $date }
renewals-deactivate = Desactivar…
renewals-dns-servers = Servidores DNS (RFC 2136)
renewals-add-dns = Añadir servidor DNS…
renewals-no-dns = Aún no hay servidor DNS: DNS-01 por RFC 2136 necesita uno (su secreto TSIG va al llavero).
renewals-dns-line = zona { $zone } en { $server }, clave { $key } ({ $algorithm })
renewals-log = Registro de renovaciones
renewals-no-runs = Aún no se ha ejecutado nada.
renewals-running = Renovando…
renewals-cancelling = Cancelando: los pedidos en curso se detienen en su siguiente paso y los nodos no iniciados se omiten.
renewals-finished = Renovación terminada
renewals-cancel = Cancelar
renewals-dismiss = Ocultar
renewals-step-starting = Abriendo el inventario…
renewals-step-waiting = En espera
renewals-step-ordering = Pidiendo un certificado para { $names }
renewals-step-proving = Demostrando { $name } ({ $how })
renewals-step-create-record = Cree ahora este registro DNS
renewals-step-delegated = { $record } está delegado a { $target }
renewals-step-waiting-dns = Esperando a que los servidores autoritativos respondan { $record }
renewals-step-finalizing = Finalizando el pedido
renewals-step-downloading = Descargando el certificado
renewals-step-pushing = Desplegando y verificando por TLS
renewals-record-explained = Cree este registro TXT en la zona; certdeck sigue por sí solo en cuanto todos los servidores autoritativos lo respondan:
renewals-copy-value = Copiar valor
renewals-copy-record = Copiar registro
renewals-outcome-renewed = Renovado
renewals-outcome-pushed = Enviado (obtenido antes)
renewals-outcome-obtained = Obtenido, espera la ventana
renewals-outcome-not-due = No vence
renewals-outcome-waiting = En espera
renewals-outcome-would-renew = Se renovaría
renewals-outcome-would-push = Se desplegaría
renewals-outcome-failed = Falló
renewals-note = { $node }: { $outcome } — { $detail }
renewals-account-added = Cuenta ACME { $name } registrada
renewals-dns-added = Servidor DNS { $name } añadido; su secreto TSIG está en el llavero
renewals-issuer-saved = { $node } obtiene ahora sus certificados por ACME
renewals-deactivate-title = ¿Desactivar la cuenta ACME { $name }?
renewals-deactivate-warning = La CA desactiva la cuenta para siempre: nunca podrá volver a pedir ni revocar. Los nodos que la usan necesitan otra cuenta.
renewals-remove-issuer-title = ¿Dejar de renovar { $node } por ACME?
renewals-remove-issuer-warning = El nodo conserva su certificado actual; ya no se pide ni se despliega nada para él.
renewals-remove-dns-title = ¿Quitar el servidor DNS { $name }?
renewals-remove-dns-warning = Su secreto TSIG se borra del llavero. Los nodos cuyo desafío lo usa no pueden renovar hasta tener otro.
nodes-list-acme = ACME…
nodes-list-issuer = ACME: { $account }, { $challenge } — { $next }; despliegue { $window }
account-title = Añadir una cuenta ACME
account-explained = certdeck registra una cuenta en la CA; su clave se sella en la bóveda. Pruebe primero una configuración nueva con una CA de pruebas (staging): sus certificados no son de confianza, pero sus límites son generosos.
account-name = Nombre en certdeck
account-ca = Autoridad de certificación
account-ca-other = Otra CA (URL del directorio)
account-url = URL del directorio
account-look-up = Leer directorio
account-root = Certificado raíz del HTTPS de la CA (solo CA internas)
account-root-placeholder = /ruta/a/ca-root.pem (opcional)
account-root-unreadable = No se puede leer { $path }: { $reason }
account-reading = Leyendo el directorio de la CA…
account-directory-failed = No se puede leer el directorio de la CA: { $reason }
account-terms = Condiciones de servicio: { $terms }
account-eab = Vinculación de cuenta externa (EAB) necesaria: { $needed }
account-ari = Información de renovación (ARI): { $offered }
account-profiles = Perfiles: { $profiles }
account-contact = Correo de contacto (la CA escribe aquí sobre caducidades e incidentes)
account-eab-kid = ID de clave EAB
account-eab-hmac = Clave HMAC EAB
account-agree = He leído y acepto las condiciones de servicio de la CA
account-register = Registrar
account-registering = Registrando…
account-missing-name = Dé un nombre a la cuenta.
account-missing-url = Indique la URL del directorio de la CA.
account-missing-terms = Hay que aceptar las condiciones de la CA.
account-missing-eab = Esta CA necesita el ID de clave y la clave HMAC que le dio (vinculación de cuenta externa).
dns-title = Añadir un servidor DNS
dns-explained = Un servidor DNS que acepta actualizaciones RFC 2136 firmadas con una clave TSIG (BIND, PowerDNS, Knot, DNS de Windows). El secreto va al llavero; el inventario guarda el resto.
dns-name = Nombre en certdeck
dns-server = Servidor primario (host:puerto)
dns-zone = Zona
dns-key-name = Nombre de la clave TSIG
dns-algorithm = Algoritmo
dns-secret = Secreto TSIG (base64, como lo muestra tsig-keygen)
dns-check-servers = Servidores autoritativos a comprobar (host:puerto, opcional)
dns-check-servers-placeholder = vacío: los registros NS de la zona
dns-save = Guardar
dns-missing = Se necesitan el nombre, el servidor, la zona, el nombre de la clave y el secreto.
issuer-title = Obtener un certificado por ACME
issuer-step-node = Nodo
issuer-step-ca = CA
issuer-step-challenge = Desafío
issuer-step-options = Clave y ventana
issuer-step-review = Revisión
issuer-node-explained = El nodo cuyo certificado viene de la CA. Se piden su FQDN y sus nombres alternativos; cámbielos en el formulario del nodo.
issuer-node = Nodo
issuer-names = Nombres pedidos: { $names }
issuer-names-label = Nombres
issuer-node-no-names = Este nodo no tiene FQDN ni nombres alternativos para los que pedir un certificado.
issuer-ca-explained = La cuenta ACME (y por tanto la CA) de la que vienen los certificados, y el perfil de la CA cuando ofrece varios.
issuer-account = Cuenta ACME
issuer-profile = Perfil
issuer-profile-default = El predeterminado de la CA
issuer-profiles-reading = Leyendo los perfiles de la CA…
issuer-no-profiles = Esta CA no ofrece perfiles.
issuer-challenge-explained = Cómo demuestra el nodo a la CA que sus nombres le pertenecen:
issuer-challenge-dns01 = DNS-01 por actualización RFC 2136 (se sigue una delegación CNAME de _acme-challenge)
issuer-challenge-manual = DNS-01 a mano: certdeck muestra el registro TXT y lo espera
issuer-challenge-listen = HTTP-01 respondido por este equipo (el puerto 80 debe llegar a él)
issuer-challenge-webroot = HTTP-01 mediante el controlador del nodo, en su raíz web
issuer-dns-server = Servidor DNS
issuer-dns01-hint = El registro se crea, se comprueba en los servidores autoritativos de la zona y se elimina después, también si el pedido falla.
issuer-check-servers = Servidores autoritativos a comprobar (host:puerto, separados por comas)
issuer-listen = Escuchar en (dirección:puerto)
issuer-listen-hint = La CA se conecta al puerto 80 de cada nombre: rediríjalo a esta dirección.
issuer-webroot = Raíz web del nodo (ruta absoluta en el nodo)
issuer-key = Clave
issuer-key-new = Una clave { $kind } nueva para cada certificado
issuer-key-keep = Conservar la clave del certificado actual
issuer-key-csr = La propia solicitud del dispositivo (aquí no se guarda ninguna clave)
issuer-request = La solicitud de firma del dispositivo
issuer-window = Ventana de mantenimiento (días y horas, hora local)
issuer-window-any = en cualquier momento
issuer-window-means = Los despliegues ocurren { $window }; los certificados se obtienen antes y la esperan.
issuer-renew-at = Renovar tras esta parte de la vida útil (%)
issuer-renew-at-hint = Se usa cuando la CA no da ventana de renovación (ARI). 67 % renueva un certificado de 90 días a los 60 días.
issuer-review-explained = certdeck pedirá, demostrará, finalizará, importará (la clave sellada en la bóveda), desplegará por el controlador del nodo y verificará por TLS: ahora, si lo pide, y de nuevo antes de cada caducidad.
issuer-back = Atrás
issuer-next = Siguiente
issuer-save = Guardar
issuer-get-now = Guardar y obtener certificado
issuer-missing-node = Elija un nodo.
issuer-missing-account = Elija una cuenta ACME o añada una.
issuer-missing-dns-server = Elija un servidor DNS o añada uno.
issuer-missing-check-servers = Indique los servidores autoritativos de la zona a comprobar.
issuer-bad-listen = { $listen } no es una dirección:puerto donde escuchar.
issuer-bad-webroot = La raíz web es una ruta absoluta en el nodo (empieza por /).
issuer-missing-request = Elija la solicitud de firma del dispositivo (impórtela primero).
issuer-bad-renew-at = La parte de la vida útil es un porcentaje entre 5 y 95.
renewals-schedule-on = Desatendido: el programador del sistema ejecuta certdeck renew --due cada hora para este inventario.
renewals-schedule-off = No desatendido: nada se renueva mientras certdeck está cerrado. Instale la entrada horaria del programador para renovar por sí solo.
renewals-schedule-unknown = Consultando el programador del sistema…
renewals-schedule-install = Renovar desatendido
renewals-schedule-remove = Detener la renovación desatendida
renewals-schedule-installed = El programador del sistema ejecuta ahora certdeck renew --due cada hora
renewals-schedule-removed = Se quitó la entrada del programador: nada se renueva mientras certdeck está cerrado
renewals-schedule-failed = No se puede cambiar la entrada del programador: { $reason }
renewals-schedule-no-cli = La línea de órdenes certdeck no está instalada junto a este programa ({ $path })
renewals-deactivating = Desactivando la cuenta { $name } en su CA…
renewals-removing = Quitando…
renewals-step-rehearsing = Ensayando primero el pedido en { $account }
renewals-step-rehearsed = El ensayo en { $account } salió bien; ahora la CA del nodo
issuer-rehearse = Ensayar en (cuenta de pruebas)
issuer-rehearse-none = Sin ensayo
issuer-rehearse-hint = Una configuración nueva o cambiada se pide primero una vez en la cuenta de pruebas (su certificado se descarta); a la CA del nodo solo se le pide si eso sale bien, así un error nunca gasta sus límites.
issuer-rehearse-same = La cuenta de ensayo debe ser otra cuenta (la de una CA de pruebas).
status-revoked = Revocado
alarm-revoked = { $name } está revocado por su CA
reason-revoked = Su CA lo revocó: { $detail }
revocation-check = Comprobar revocación
revocation-checking = Comprobando la revocación: { $done } de { $total }
revocation-cancelling = Deteniendo la comprobación de revocación…
revocation-found = { $name } está revocado desde { $date } ({ $source })
revocation-unreachable = No se pudo conocer el estado de revocación: { $detail }
revocation-done = Revocación comprobada: { $checked } certificados, { $revoked } revocados, { $unknown } con estado desconocido (sin CRL vigente ni respuesta OCSP)
policy-title = Veredicto según una política
policy-web = política web (Baseline Requirements del CA/Browser Forum sobre RFC 5280)
policy-private = política privada (RFC 5280, PKI interna)
policy-acceptable = Aceptable
policy-not-acceptable = No aceptable
policy-link = Eslabón { $position }: { $subject }
rule-serial-positive = El número de serie debe ser un entero positivo
rule-serial-length = El número de serie supera los 20 octetos
rule-aki-present = Sin identificador de clave de autoridad
rule-aki-not-critical = El identificador de clave de autoridad está marcado como crítico
rule-ski-present = Un certificado de CA sin identificador de clave del sujeto
rule-ski-not-critical = El identificador de clave del sujeto está marcado como crítico
rule-ca-subject = Un certificado de CA con el sujeto vacío
rule-keycertsign-needs-ca = keyCertSign está activado pero el certificado no es una CA
rule-san-critical-without-subject = El sujeto está vacío pero los nombres alternativos no son críticos
rule-dns-name-syntax = Un nombre DNS fuera de la sintaxis preferida (un guion bajo, por ejemplo)
rule-anchor-basic-constraints = A la CA de confianza le faltan restricciones básicas críticas que la hagan CA
rule-ca-keycertsign = El uso de clave de la CA no permite firmar certificados
rule-critical-extensions-known = La CA de confianza tiene una extensión crítica que certdeck no conoce
rule-anchor-valid = La CA de confianza está fuera de su periodo de validez
rule-name-constraints-in-ca = Restricciones de nombres en un certificado final
rule-name-constraints-critical = Restricciones de nombres no marcadas como críticas
rule-name-constraints-syntax = Restricciones de nombres vacías o mal formadas
rule-policy-constraints-critical = Restricciones de política no marcadas como críticas
rule-crl-number = Una CRL sin un número de CRL correcto
rule-crl-signer = Una CRL firmada por una CA que no puede firmar CRL
rule-max-chain-depth = Más intermedios de los permitidos
rule-aia-syntax = Acceso a la información de la autoridad vacío o mal formado
rule-eku-present = Sin uso extendido de clave
rule-eku-not-critical = El uso extendido de clave está marcado como crítico
rule-eku-not-any = El uso extendido de clave incluye anyExtendedKeyUsage
rule-root-without-eku = Una CA raíz con uso extendido de clave
rule-key-strength = Una clave que los Baseline Requirements prohíben (RSA de menos de 2048 bits o no múltiplo de 8, DSA, P-192)
rule-san-not-critical = Los nombres alternativos son críticos aunque el sujeto no está vacío
rule-wildcard-not-public-suffix = Un comodín sobre un sufijo público
rule-common-name-in-san = El nombre común no es uno de los nombres alternativos tal como está escrito
rule-root-aki = El identificador de clave de autoridad de la raíz no es solo su propio identificador de clave
node-policy = Juzgado según
node-policy-auto = Según su raíz
node-policy-web = Web (Baseline Requirements)
node-policy-private = Privada (RFC 5280)
column-revocation = Revocación
revocation-not-revoked = OK

## Resumen (pantalla de inicio)
nav-overview = Resumen
overview-title = Resumen
overview-certificates = { $count } certificados
overview-expiring-title = Caducidad
overview-weeks = Próximas 13 semanas
overview-months = Próximos 12 meses
overview-by-kind = Por tipo
overview-by-node-role = Por función del nodo
overview-expired = { $count } ya caducados
overview-unassigned = En ningún nodo
overview-nodes-title = Nodos
overview-no-nodes = Aún no hay nodos: añádalos en Nodos.
overview-days-left = quedan { $days } días
overview-renewals-title = Próximas renovaciones
overview-no-renewals = Ningún certificado se renueva solo todavía (Renovaciones).
overview-renewal-failing = la última ejecución falló
health-no-certificate = Sin certificado
health-failing = Con fallos
health-drift = Sirve otro certificado
health-expiring = Caduca pronto
health-unverified = Aún sin verificar
health-verified = Verificado
narrowed-expiring = Caducan del { $from } al { $to }
narrowed-status = Estado: { $status }
narrowed-clear = Mostrar todo

## Descubrimiento
nav-discovery = Descubrimiento
discovery-title = Descubrimiento
discovery-explained = Encuentre los puntos TLS en hosts, nombres y rangos de direcciones (hasta un /16): TLS desde el primer byte y STARTTLS en puertos de correo, directorio y chat. Se guarda lo que sirve cada uno; Alarmas lo compara con lo asignado.
discovery-targets-placeholder = Hosts, nombres, rangos: 192.0.2.0/24 pbx.example.com
discovery-ports-placeholder = Puertos: 443,8443,smtp:2525
discovery-scan = Explorar
discovery-cancel = Cancelar
discovery-no-targets = Escriba los hosts, nombres o rangos que explorar.
discovery-too-wide = Los destinos suman { $count } direcciones; una exploración cubre como mucho un /16 (65 536) a la vez.
discovery-confirm = Esta exploración cubre { $count } direcciones. ¿Explorarlas todas?
discovery-confirm-yes = Explorarlas
discovery-progress = { $done } de { $total } revisados, { $served } con TLS
discovery-finished = Respondieron { $answered } puntos; { $new } nuevos, { $silent } conocidos pero mudos.
discovery-cancelled = (Cancelada: el resto no se revisó.)
discovery-endpoints = Puntos encontrados: { $count }
discovery-none = Aún no se ha encontrado ningún punto: explore un host o un rango arriba.
discovery-column-endpoint = Punto
discovery-column-protocol = Protocolo
discovery-column-state = Estado
discovery-column-serves = Sirve
discovery-column-seen = Visto por última vez
discovery-unmanaged = { $subject } (no está en el inventario)
discovery-adopt = Adoptar…
discovery-adopt-save = Crear nodo
discovery-node-name = Nombre del nodo
discovery-bad-target = «{ $target }» no es un nombre de host, una dirección ni un rango (CIDR).
discovery-bad-ports = No se entienden los puertos «{ $ports }»: escríbalos como 443,8443,8000-8010,smtp:2525.
discovery-state-legacy = Solo TLS antiguo
discovery-state-gone = Ya no responde
discovery-state-silent = Mudo
discovery-state-starttls = STARTTLS rechazado
discovery-state-failed = Falló el intercambio
overview-pushes-title = Envíos recientes
overview-no-pushes = Aún no se ha enviado nada.
push-busy = { $who } está enviando a este nodo desde { $since }: vuelva a intentarlo cuando termine
push-busy-unknown = Otro miembro está enviando a este nodo: vuelva a intentarlo cuando termine

## Settings → Unattended renewal (certdeck doctor)
doctor-title = Renovación desatendida
doctor-explained = Si este equipo renueva y distribuye por sí solo: el almacén, el planificador y su última pasada, los secretos de los nodos, las claves DNS (comprobadas con una actualización firmada que no cambia nada), las cuentas ACME (preguntadas a la CA) y los canales de notificación. Las mismas comprobaciones que certdeck doctor.
doctor-check = Comprobar ahora
doctor-checking = Comprobando: preguntando a los servidores DNS y a las CA…
doctor-cancel = Cancelar
doctor-all-good = Este equipo puede renovar sin supervisión.
doctor-warnings = Puede renovar sin supervisión; hay cosas que revisar.
doctor-will-fail = La renovación desatendida fallará aquí: vea las comprobaciones fallidas.
doctor-ok = ok
doctor-warn = revisar
doctor-fail = falla
doctor-name-vault = Almacén de claves
doctor-name-scheduler = Planificador
doctor-name-last-pass = Última pasada
doctor-name-node-secrets = Secretos de nodos
doctor-name-node-pins = Identidad del nodo
doctor-name-dns-keys = Claves DNS
doctor-name-dns-server = Servidor DNS
doctor-name-acme-accounts = Cuentas ACME
doctor-name-acme-ca = CA ACME
doctor-name-notifications = Notificaciones
doctor-channels = Canales de notificación
doctor-no-channels = Ningún canal: un fallo nocturno no llega a nadie. Añada uno con certdeck notify add (correo o webhook).
doctor-test = Enviar prueba
doctor-remove = Quitar
doctor-test-delivered = { $channel }: la prueba se entregó.
doctor-test-failed = { $channel }: la prueba no se entregó: { $reason }
doctor-no-channel = Ese canal ya no existe.
doctor-removed = Canal { $channel } quitado.
doctor-secrets = Dónde están los secretos
doctor-no-secrets = No hay secretos guardados.
doctor-in-keychain = en el llavero
doctor-in-vault = sellado por el almacén
doctor-remove-ask = ¿Quitar el canal { $channel }? Los fallos dejarán de llegarle.
doctor-remove-yes = Quitar
doctor-remove-no = Conservar
doctor-approve-explained = Un compañero configuró esto en el inventario compartido. La pasada desatendida lo ejecutaría o escribiría en este equipo, como la cuenta que renueva, y lo rechaza hasta que se apruebe aquí. Léalo y apruebe solo lo que reconozca.
doctor-approved = { $count } ajuste(s) aprobado(s) en este equipo.
