"""The demo's usage charter: a first version, in French, short and realistic, dated the day the
demo is loaded (the charter is new: the months of activity the demo generates came before it).

Nobody has accepted it when the demo is loaded: the first comment, reaction, vote or idea of a
demo login asks to accept it (once; the action then completes). Loading the demo again keeps
the version there is (versions are published, never changed): a new text would be published from
the admin (Paramètres → Charte d'utilisation), as a comms team would.
"""

from __future__ import annotations

from wagtail_social.charter import publish_version
from wagtail_social.models import CharterVersion

TEXT = """\
<h2>Charte d'utilisation des espaces participatifs</h2>
<p>Commentaires, réactions, sondages et boîte à idées sont ouverts à tous les salariés pour
échanger sur la vie de l'entreprise. En y participant, vous vous engagez à :</p>
<ul>
<li><b>rester courtois</b> : on débat des idées, jamais des personnes ; pas d'insulte, de moquerie
ni de propos discriminatoires ;</li>
<li><b>rester dans le sujet</b> de la page ou de la discussion ;</li>
<li><b>protéger les données personnelles</b> : pas d'informations sur la santé, la rémunération ou
la vie privée d'un collègue, pas de coordonnées personnelles ;</li>
<li><b>respecter la confidentialité</b> : ce qui est publié dans une communauté privée reste dans
cette communauté ; aucune information client ou stratégique hors des espaces prévus ;</li>
<li><b>signaler plutôt que répondre</b> : un message qui vous paraît déplacé se signale aux
animateurs avec le bouton « Signaler ».</li>
</ul>
<p>Vos contributions sont publiées sous votre nom. Les animateurs de chaque rubrique peuvent retirer
un message qui ne respecte pas cette charte ; le motif du retrait reste affiché à sa place. Les
statistiques de participation sont anonymes et ne portent que sur des groupes d'au moins cinq
personnes.</p>
<p>Une question sur cette charte ? Écrivez à la Direction de la communication interne.</p>
"""


def load() -> int:
    """Publish the first version if there is none; returns how many versions were created."""
    if CharterVersion.objects.exists():
        return 0
    publish_version(TEXT)
    return 1
