# certdeck — Español

app-title = certdeck
app-subtitle = Certificados, claves y cadenas de confianza

# Barra de herramientas
import-files = Importar archivos…
import-path-placeholder = Ruta de un certificado, clave, archivo PKCS#7 o PKCS#12
import-path-open = Abrir
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
settings-choose = Elegir…
settings-default = Predeterminada
settings-keychain = Llavero
settings-keychain-checking = Comprobando…
settings-keychain-ok = En uso: { $name }
settings-keychain-none = No disponible ({ $reason }). El almacén de claves necesita una frase de contraseña: defina CERTDECK_VAULT_PASSPHRASE.
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
alarm-incomplete-chain = { $name }: falta el emisor { $issuer }, así que la cadena no llega a una raíz de confianza.

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
push-plan-node = { $node } ({ $driver }): { $subject }
push-run = Enviar ahora
push-running = Enviando… Cancelar omite los nodos aún no empezados; los que están en curso terminan y se verifican.
push-cancelling = Cancelando: se omiten los nodos aún no empezados.
push-waiting = En espera
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
