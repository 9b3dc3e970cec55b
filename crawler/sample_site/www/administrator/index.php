<!DOCTYPE html>
<html lang="en-gb" dir="ltr">
<head>
<meta charset="utf-8" />
<meta name="robots" content="noindex, nofollow" />
<title>จังหวัดยโสธร - Administration</title>
</head>
<body class="site com_login view-login">
<form action="index.php" method="post" id="form-login">
<fieldset class="loginform">
<input name="username" type="text" placeholder="Username" />
<input name="passwd" type="password" placeholder="Password" />
<button type="submit">Log in</button>
</fieldset>
</form>
<p>Joomla!&#174; is free software released under the GNU General Public License.</p>
</body>
</html>
