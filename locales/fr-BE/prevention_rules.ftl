# La règle des personnes des signaux et du registre des tensions sociales,
# le point de contact sur le formulaire de signal et les signaux d'une personne de référence.

signal-new-person-before = Si vous vous inquiétez pour une personne, contactez l'expert via
signal-new-person-link = le point de contact
signal-new-person-after = .
signal-error-personal-detail = { $what ->
    [email] Ce texte contient une adresse e-mail. Supprimez-la : un signal porte sur des tendances et des groupes, jamais sur une personne. Une confirmation ne suffit pas ici.
    [number] Ce texte contient un numéro de téléphone, de registre national ou de compte. Supprimez-le : un signal porte sur des tendances et des groupes, jamais sur une personne. Une confirmation ne suffit pas ici.
   *[both] Ce texte contient une adresse e-mail et un numéro de téléphone, de registre national ou de compte. Supprimez-les : un signal porte sur des tendances et des groupes, jamais sur une personne. Une confirmation ne suffit pas ici.
}
network-error-personal-detail = { $what ->
    [email] Ce texte contient une adresse e-mail. Supprimez-la : le registre décrit des groupes ou des canaux, jamais des individus. Une confirmation ne suffit pas ici.
    [number] Ce texte contient un numéro de téléphone, de registre national ou de compte. Supprimez-le : le registre décrit des groupes ou des canaux, jamais des individus. Une confirmation ne suffit pas ici.
   *[both] Ce texte contient une adresse e-mail et un numéro de téléphone, de registre national ou de compte. Supprimez-les : le registre décrit des groupes ou des canaux, jamais des individus. Une confirmation ne suffit pas ici.
}
tension-confirm-no-person = J'ai relu le texte : il ne contient aucune personne, seulement des groupes, des canaux, des lieux ou des organisations.
tension-confirm-no-person-help = Verbind ne sait pas reconnaître des noms : il signale seulement ce qui ressemble à un nom ou à un compte (@…). Les adresses e-mail et les numéros de téléphone ou de registre national sont toujours refusés.
person-signals-none = Cette personne de référence n'a encore transmis aucun signal.
