<?xml version="1.0" encoding="ISO-8859-1"?>
<rss version="2.0" >
<channel>
  <title>Tendance Ouest - Rouen</title>
  <link>https://www.tendanceouest.com/</link>
  <description>Toute l'actualité de Rouen et de Normandie</description>
  <language>fr</language>
<item>
<title>Déville-lès-Rouen : une boulangerie élue meilleure galette des rois de Seine-Maritime</title>
<link>https://www.tendanceouest.com/actualite-482240-deville-les-rouen-une-boulangerie-elue-meilleure-galette-des-rois-de-seine-maritime.html</link>
<description>Déjà ! Le concours départemental a été organisé avec un mois d'avance cette année.</description>
<pubDate>Wed, 25 Nov 2026 10:45:00 +0100</pubDate>
<guid>https://www.tendanceouest.com/actualite-482240-deville-les-rouen-une-boulangerie-elue-meilleure-galette-des-rois-de-seine-maritime.html</guid>
<category>Rouen</category>
<category>Économie</category>
</item>
<item>
<title>Accident sur le pont Flaubert : la circulation coupée entre les deux rives</title>
<link>https://www.tendanceouest.com/actualite-482210-accident-sur-le-pont-flaubert-la-circulation-coupee-entre-les-deux-rives.html</link>
<description>Un camion s'est couché sur le tablier du pont Flaubert vers 7h30 ce mercredi 25 novembre. Le pont est fermé, les déviations sont saturées.</description>
<pubDate>Wed, 25 Nov 2026 08:01:00 +0100</pubDate>
<guid>https://www.tendanceouest.com/actualite-482210-accident-sur-le-pont-flaubert-la-circulation-coupee-entre-les-deux-rives.html</guid>
<category>Rouen</category>
<category>Faits divers</category>
<enclosure url="https://www.tendanceouest.com/photos/maxi/pont-flaubert-482210.jpg" length="51200" type="image/jpeg" />
</item>
<item>
<title>Rouen Métropole Basket : une victoire à l'arraché contre Boulazac</title>
<link>https://www.tendanceouest.com/actualite-482150-rouen-metropole-basket-une-victoire-a-l-arrache-contre-boulazac.html</link>
<description>Le RMB a battu Boulazac 81-78 à la Kindarena. Prochain match vendredi à Nantes.</description>
<pubDate>Tue, 24 Nov 2026 22:58:00 +0100</pubDate>
<guid>https://www.tendanceouest.com/actualite-482150-rouen-metropole-basket-une-victoire-a-l-arrache-contre-boulazac.html</guid>
<category>Sport</category>
<enclosure url="https://www.tendanceouest.com/photos/maxi/rmb-482150.jpg" length="51200" type="image/jpeg" />
</item>
<item>
<title>Le Havre : la plage va être rechargée en galets cet hiver</title>
<link>https://www.tendanceouest.com/actualite-482180-le-havre-la-plage-va-etre-rechargee-en-galets-cet-hiver.html</link>
<description>Près de 15 000 tonnes de galets vont être déposées pour protéger le front de mer.</description>
<pubDate>Tue, 24 Nov 2026 17:05:00 +0100</pubDate>
<guid>https://www.tendanceouest.com/actualite-482180-le-havre-la-plage-va-etre-rechargee-en-galets-cet-hiver.html</guid>
<category>Le Havre</category>
<category>Environnement</category>
</item>
<item>
<title>Rouen : le festival « Rouen Impressionnée » dévoile sa programmation</title>
<link>https://www.tendanceouest.com/actualite-482100-rouen-le-festival-rouen-impressionnee-devoile-sa-programmation.html</link>
<description>Fresques, installations lumineuses et ateliers : le festival d'art urbain revient au printemps 2027 à Rouen.</description>
<pubDate>Tue, 24 Nov 2026 14:20:00 +0100</pubDate>
<guid>https://www.tendanceouest.com/actualite-482100-rouen-le-festival-rouen-impressionnee-devoile-sa-programmation.html</guid>
<category>Rouen</category>
<category>Culture</category>
<enclosure url="https://www.tendanceouest.com/photos/maxi/rouen-impressionnee-482100.jpg" length="51200" type="image/jpeg" />
</item>
<item>
<title>Caen : un nouveau festival de jazz annoncé pour le printemps</title>
<link>https://www.tendanceouest.com/actualite-482060-caen-un-nouveau-festival-de-jazz-annonce-pour-le-printemps.html</link>
<description>La première édition se tiendra au Cargö et dans plusieurs bars du centre-ville en avril 2027.</description>
<pubDate>Mon, 23 Nov 2026 18:30:00 +0100</pubDate>
<guid>https://www.tendanceouest.com/actualite-482060-caen-un-nouveau-festival-de-jazz-annonce-pour-le-printemps.html</guid>
<category>Caen</category>
<category>Culture</category>
<enclosure url="https://www.tendanceouest.com/photos/maxi/jazz-caen-482060.jpg" length="51200" type="image/jpeg" />
</item>
<item>
<title>Rouen : la rue Saint-Romain piétonne tous les week-ends de décembre</title>
<link>https://www.tendanceouest.com/actualite-482001-rouen-la-rue-saint-romain-pietonne-tous-les-week-ends-de-decembre.html</link>
<description>Pendant les fêtes, la rue Saint-Romain, entre la cathédrale et Saint-Maclou, sera réservée aux piétons les samedis et dimanches.</description>
<pubDate>Mon, 23 Nov 2026 12:10:00 +0100</pubDate>
<guid>https://www.tendanceouest.com/actualite-482001-rouen-la-rue-saint-romain-pietonne-tous-les-week-ends-de-decembre.html</guid>
<category>Rouen</category>
</item>
</channel>
</rss>
